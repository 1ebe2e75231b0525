package httpapi

import (
	"context"
	"net/http"
	"time"
)

// Upload is where and how the console PUTs a file: a presigned URL and
// the headers the signature covers.
type Upload struct {
	Key       string            `json:"key"`
	UploadURL string            `json:"uploadUrl"`
	ExpiresIn int               `json:"expiresIn"`
	Headers   map[string]string `json:"headers"`
}

// Presigner makes presigned PUTs (*blob.Store).
type Presigner interface {
	PresignPut(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (string, http.Header, error)
}

// PresignUpload presigns a PUT of key and describes it for the console.
// Host is left out of the headers: the browser sets it.
func PresignUpload(ctx context.Context, p Presigner, key, contentType string, size int64, ttl time.Duration) (Upload, error) {
	url, hdr, err := p.PresignPut(ctx, key, contentType, size, ttl)
	if err != nil {
		return Upload{}, err
	}
	headers := map[string]string{}
	for k, v := range hdr {
		if k != "Host" && len(v) > 0 {
			headers[k] = v[0]
		}
	}
	return Upload{Key: key, UploadURL: url, ExpiresIn: int(ttl.Seconds()), Headers: headers}, nil
}
