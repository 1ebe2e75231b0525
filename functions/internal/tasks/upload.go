package tasks

import (
	"bytes"
	"context"
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
)

// UploadRequest asks for a diagram upload URL.
type UploadRequest struct {
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
}

// Upload is where and how to PUT the file.
type Upload struct {
	Key       string            `json:"key"`
	UploadURL string            `json:"uploadUrl"`
	ExpiresIn int               `json:"expiresIn"`
	Headers   map[string]string `json:"headers"`
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
	url, hdr, err := s.blobs.PresignPut(r.Context(), key, req.ContentType, req.Size, uploadTTL)
	if err != nil {
		return err
	}
	headers := map[string]string{}
	for k, v := range hdr {
		if k != "Host" && len(v) > 0 {
			headers[k] = v[0]
		}
	}
	return httpapi.JSON(w, http.StatusOK, Upload{Key: key, UploadURL: url, ExpiresIn: int(uploadTTL.Seconds()), Headers: headers})
}

// checkDiagram makes sure an uploaded diagram exists, is within the size
// limit, and really is a PNG or JPEG (its first bytes, not its name).
func (s *Service) checkDiagram(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	const field = "projectMetadata.networkDiagramKey"
	size, _, err := s.blobs.Head(ctx, key)
	if domain.Is(err, domain.KindNotFound) {
		return domain.Invalid(field, "no file was uploaded under this key")
	}
	if err != nil {
		return err
	}
	if size > MaxDiagramSize {
		return domain.Invalid(field, "the diagram is larger than 10 MB")
	}
	rc, err := s.blobs.Get(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(rc, head)
	head = head[:n]
	if !bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")) && !bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}) {
		return domain.Invalid(field, "the uploaded file is not a PNG or JPEG image")
	}
	return nil
}
