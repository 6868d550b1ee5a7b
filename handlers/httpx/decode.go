package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"reflect"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

// DecodeJSON reads the request body into v, strictly: the content type
// must be JSON, the body one JSON object and nothing after it. Malformed
// JSON or the wrong content type is bad_request; a value of the wrong type
// or an unknown field is validation_failed naming the field. Nothing the
// client sends can make it fail with an internal error.
func DecodeJSON(c *fiber.Ctx, v any) error {
	mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil || mt != fiber.MIMEApplicationJSON {
		return models.Errorf(models.ErrBadRequest, "content type must be application/json")
	}
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return models.Errorf(models.ErrBadRequest, "empty body")
	}
	return DecodeJSONBytes(body, v)
}

// DecodeJSONBytes is decodeJSON without the HTTP part, for fuzzing.
func DecodeJSONBytes(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return models.Errorf(models.ErrBadRequest, "data after the JSON value")
	}
	return nil
}

// decodeError classifies an encoding/json error.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return models.Errorf(models.ErrBadRequest, "body must be a JSON object")
		}
		if typeErr.Type == reflect.TypeFor[time.Time]() {
			return models.InvalidField(typeErr.Field, "datetime", "")
		}
		return models.InvalidField(typeErr.Field, "type", "")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return models.InvalidField(strings.Trim(name, `"`), "unknown", "")
	}
	return models.Errorf(models.ErrBadRequest, "malformed JSON: %v", err)
}
