package tasks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
)

// Diagram uploads: PNG or JPEG, at most 10 MB, through a presigned PUT.
const (
	MaxDiagramSize = 10 << 20
	uploadTTL      = 15 * time.Minute
	// uploadRecordTTL is how long an upload can still be named in a task.
	uploadRecordTTL = 24 * time.Hour
)

// UploadRequest asks for a diagram upload URL.
type UploadRequest struct {
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
}

var diagramTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg"}

func (s *Service) uploadDiagram(w http.ResponseWriter, r *http.Request) error {
	var req UploadRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ext, ok := diagramTypes[req.ContentType]
	switch {
	case !ok:
		return domain.Invalid("contentType", "must be image/png or image/jpeg")
	case req.Size <= 0:
		return domain.Invalid("size", "must be the file's size in bytes")
	case req.Size > MaxDiagramSize:
		return domain.TooLarge("the network diagram may be at most 10 MB")
	}
	p := httpapi.PrincipalFrom(r.Context())
	key := layout.DiagramKey(p.WorkspaceID, domain.NewID(), ext)
	// The upload is the caller's: only it may name the key in a task, once.
	if err := s.store.RecordUpload(r.Context(), p.WorkspaceID, key, p.UserID, s.now().Add(uploadRecordTTL)); err != nil {
		return err
	}
	up, err := httpapi.PresignUpload(r.Context(), s.blobs, key, req.ContentType, req.Size, uploadTTL)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, up)
}

// takeDiagram checks an upload a task names and copies it to a key the
// task owns, answering that key. The upload must be the caller's and,
// unless reuse, unused (the claim that makes it single-use is in the
// task's creating transaction, CreateTaskWithin), exist,
// be within the size limit and really be a PNG or JPEG (its first bytes,
// not its name). The bytes checked are the bytes copied: the object is
// read once, so a PUT racing the check cannot slip another file in, and
// later PUTs to the upload's URL change nothing the task reads.
func (s *Service) takeDiagram(ctx context.Context, p *httpapi.Principal, taskID, key string, reuse bool) (string, error) {
	const field = "projectMetadata.networkDiagramKey"
	up, err := s.store.GetUpload(ctx, p.WorkspaceID, key)
	switch {
	case domain.Is(err, domain.KindNotFound):
		return "", domain.Invalid(field, "no upload was prepared under this key (or it expired): upload the diagram again")
	case err != nil:
		return "", err
	case up.Uploader != p.UserID:
		return "", domain.Invalid(field, "this upload is not yours: upload the diagram yourself")
	case up.UsedBy != "" && !reuse:
		return "", domain.Invalid(field, "this upload was already used by a task: upload the diagram again")
	}
	rc, err := s.blobs.Get(ctx, key)
	if domain.Is(err, domain.KindNotFound) {
		return "", domain.Invalid(field, "no file was uploaded under this key")
	}
	if err != nil {
		return "", err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxDiagramSize+1))
	if err != nil {
		return "", fmt.Errorf("read diagram %s: %w", key, err)
	}
	var ext, contentType string
	switch {
	case len(data) > MaxDiagramSize:
		return "", domain.Invalid(field, "the diagram is larger than 10 MB")
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		ext, contentType = "png", "image/png"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		ext, contentType = "jpg", "image/jpeg"
	default:
		return "", domain.Invalid(field, "the uploaded file is not a PNG or JPEG image")
	}
	own := layout.TaskDiagramKey(taskID, ext)
	if err := s.blobs.Put(ctx, own, bytes.NewReader(data), contentType); err != nil {
		return "", fmt.Errorf("copy diagram of task %s: %w", taskID, err)
	}
	return own, nil
}
