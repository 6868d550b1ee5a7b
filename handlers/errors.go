package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

// statusOf maps every application error code to its HTTP status; this is
// the only place that knows the mapping.
var statusOf = map[string]int{
	models.ErrBadRequest:           fiber.StatusBadRequest,
	models.ErrUnauthorized:         fiber.StatusUnauthorized,
	models.ErrForbidden:            fiber.StatusForbidden,
	models.ErrNotFound:             fiber.StatusNotFound,
	models.ErrAlreadyRegistered:    fiber.StatusConflict,
	models.ErrRegistrationClosed:   fiber.StatusConflict,
	models.ErrFull:                 fiber.StatusConflict,
	models.ErrActivityCancelled:    fiber.StatusConflict,
	models.ErrActivityStarted:      fiber.StatusConflict,
	models.ErrCapacityBelowTaken:   fiber.StatusConflict,
	models.ErrNotDeletable:         fiber.StatusConflict,
	models.ErrConflict:             fiber.StatusConflict,
	models.ErrIdempotencyKeyReused: fiber.StatusConflict,
	models.ErrPayloadTooLarge:      fiber.StatusRequestEntityTooLarge,
	models.ErrValidationFailed:     fiber.StatusUnprocessableEntity,
	models.ErrRateLimited:          fiber.StatusTooManyRequests,
	models.ErrInternal:             fiber.StatusInternalServerError,
}

// codeOfFiberStatus maps errors raised by Fiber itself (routing, body
// limit) into application codes.
var codeOfFiberStatus = map[int]string{
	fiber.StatusBadRequest:                  models.ErrBadRequest,
	fiber.StatusNotFound:                    models.ErrNotFound,
	fiber.StatusMethodNotAllowed:            models.ErrNotFound,
	fiber.StatusRequestEntityTooLarge:       models.ErrPayloadTooLarge,
	fiber.StatusUnsupportedMediaType:        models.ErrBadRequest,
	fiber.StatusUnprocessableEntity:         models.ErrValidationFailed,
	fiber.StatusTooManyRequests:             models.ErrRateLimited,
	fiber.StatusUnauthorized:                models.ErrUnauthorized,
	fiber.StatusForbidden:                   models.ErrForbidden,
	fiber.StatusRequestTimeout:              models.ErrBadRequest,
	fiber.StatusRequestHeaderFieldsTooLarge: models.ErrPayloadTooLarge,
}

// errorBody is the JSON error body of the HTTP contract.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// asAppError turns any error into an application error. Unknown errors
// become internal ones; their text is for the log only.
func asAppError(err error) (*models.Error, bool) {
	var app *models.Error
	if errors.As(err, &app) {
		return app, app.Code == models.ErrInternal
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		if code, ok := codeOfFiberStatus[fe.Code]; ok {
			return &models.Error{Code: code, Detail: fe.Message}, false
		}
	}
	return &models.Error{Code: models.ErrInternal}, true
}

// errorHandler is Fiber's one ErrorHandler: it answers every error with the
// contract's body and status, translated into the caller's language, and
// logs only the errors that are our fault.
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	app, internal := asAppError(err)
	if internal {
		s.logger.Error("request failed", "request_id", requestID(c), "method", c.Method(),
			"route", logRoute(c), "err", err)
	}
	status, ok := statusOf[app.Code]
	if !ok {
		status = fiber.StatusInternalServerError
	}
	if app.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(app.RetryAfter))
	}
	lang := Lang(c)
	body := errorBody{Error: errorDetail{Code: app.Code, Message: s.catalog.T(lang, "error."+app.Code, nil)}}
	if len(app.Fields) > 0 {
		body.Error.Fields = make(map[string]string, len(app.Fields))
		for path, f := range app.Fields {
			body.Error.Fields[path] = s.catalog.FieldMessage(lang, f)
		}
	}
	if s.renderErrorPage != nil && wantsHTML(c) {
		return s.renderErrorPage(c, status, body.Error)
	}
	return c.Status(status).JSON(body)
}

// wantsHTML reports whether the request is for a page rather than the API.
func wantsHTML(c *fiber.Ctx) bool {
	if page, _ := c.Locals(localPage).(bool); page {
		return true
	}
	p := c.Path()
	if len(p) >= 4 && p[:4] == "/api" {
		return false
	}
	return c.Accepts(fiber.MIMEApplicationJSON, fiber.MIMETextHTML) == fiber.MIMETextHTML
}
