package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// MaxBody is the largest request body any JSON route accepts.
const MaxBody = 1 << 20

// Decode reads the JSON body into v strictly: the content type must be
// JSON, unknown fields, type mismatches and trailing data are 400s naming
// the field, and a body over MaxBody is a 413.
func Decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return &domain.Error{Kind: domain.KindUnsupportedMedia, Msg: "content type must be application/json"}
		}
	} else if r.ContentLength != 0 {
		return &domain.Error{Kind: domain.KindUnsupportedMedia, Msg: "content type must be application/json"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		if err != nil && isTooLarge(err) {
			return domain.TooLarge(fmt.Sprintf("body larger than %d bytes", MaxBody))
		}
		return domain.Invalid("body", "unexpected data after the JSON object")
	}
	return nil
}

func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case isTooLarge(err):
		return domain.TooLarge(fmt.Sprintf("body larger than %d bytes", MaxBody))
	case errors.Is(err, io.EOF):
		return domain.Invalid("body", "a JSON object is required")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Invalid("body", "malformed JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return domain.Invalidf(field, "must be %s", jsonTypeName(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return domain.Invalid(name, "unknown field")
	default:
		return domain.Invalid("body", "malformed JSON")
	}
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	}
	return "of another type"
}
