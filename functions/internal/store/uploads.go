package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Upload rows: who asked for a presigned upload URL, and which task used
// the upload (once).
//
//	upload PK WS#<ws>#UPLOAD  SK UPLOAD#<object key>  uploader, usedBy, expiresAt (TTL)
//
// A task claims its diagram's upload in the transaction that creates it
// (CreateTaskWithin), conditional on the caller being the uploader and the
// upload unused, so an upload serves one task of the one who uploaded it.

// Upload is one presigned upload.
type Upload struct {
	Key       string    `dynamo:"key"`
	Uploader  string    `dynamo:"uploader"`
	UsedBy    string    `dynamo:"usedBy,omitempty"`
	CreatedAt time.Time `dynamo:"createdAt"`
}

type uploadItem struct {
	PK, SK string
	Type   string `dynamo:"type"`
	Upload
	ExpiresAt int64 `dynamo:"expiresAt"`
}

func uploadPK(ws string) string   { return "WS#" + ws + "#UPLOAD" }
func uploadSK(key string) string  { return "UPLOAD#" + key }
func uploadTTL(t time.Time) int64 { return t.Unix() }

// RecordUpload records who was handed a presigned upload for key; the row
// lives until expires (the table's TTL).
func (s *Store) RecordUpload(ctx context.Context, ws, key, uploader string, expires time.Time) error {
	it := uploadItem{PK: uploadPK(ws), SK: uploadSK(key), Type: "upload",
		Upload: Upload{Key: key, Uploader: uploader, CreatedAt: s.now()}, ExpiresAt: uploadTTL(expires)}
	if err := s.table.Put(it).If("attribute_not_exists(PK)").Run(ctx); err != nil {
		if dynamo.IsCondCheckFailed(err) {
			return domain.Conflict("this upload key is already taken")
		}
		return fmt.Errorf("record upload: %w", err)
	}
	return nil
}

// GetUpload reads an upload's row.
func (s *Store) GetUpload(ctx context.Context, ws, key string) (*Upload, error) {
	var it uploadItem
	if err := s.get(ctx, uploadPK(ws), uploadSK(key), "upload", &it); err != nil {
		return nil, err
	}
	return &it.Upload, nil
}

// claimUpload marks an upload used by a task, if the task's creator
// uploaded it and no task used it yet.
func (s *Store) claimUpload(ws, key, taskID, user string) *dynamo.Update {
	return s.table.Update("PK", uploadPK(ws)).Range("SK", uploadSK(key)).Set("usedBy", taskID).
		If("attribute_exists(PK) AND uploader = ? AND attribute_not_exists(usedBy)", user)
}

// uploadRefusal says why a claim failed, or nil if the upload is usable
// (the transaction failed for another reason).
func (s *Store) uploadRefusal(ctx context.Context, ws, key, user string) error {
	const field = "projectMetadata.networkDiagramKey"
	up, err := s.GetUpload(ctx, ws, key)
	switch {
	case domain.Is(err, domain.KindNotFound):
		return domain.Invalid(field, "no upload was prepared under this key (or it expired): upload the diagram again")
	case err != nil:
		return err
	case up.Uploader != user:
		return domain.Invalid(field, "this upload is not yours: upload the diagram yourself")
	case up.UsedBy != "":
		return domain.Invalid(field, "this upload was already used by a task: upload the diagram again")
	}
	return nil
}
