package httpx

import (
	"errors"
	"strconv"
	"strings"

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
	models.ErrNoSeats:              fiber.StatusConflict,
	models.ErrOfferExpired:         fiber.StatusConflict,
	models.ErrSignupCancelled:      fiber.StatusConflict,
	models.ErrCapacityBelowTaken:   fiber.StatusConflict,
	models.ErrNotDeletable:         fiber.StatusConflict,
	models.ErrConflict:             fiber.StatusConflict,
	models.ErrActivityNotEnded:     fiber.StatusConflict,
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

// ErrorBody is the JSON error body of the HTTP contract.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is an error as the client sees it: its code, a translated
// message and, for validation errors, a message per field path.
type ErrorDetail struct {
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

// ErrorRenderer answers one error in the form of an audience: the
// contract's JSON body for the API, an HTML page for the pages. Its
// status and translated detail are decided by HandleError alone.
type ErrorRenderer func(c *fiber.Ctx, status int, e ErrorDetail) error

const localRenderer = "error_renderer"

// ErrorsAs is the middleware by which an audience's routes say how their
// errors are answered: every error of a request that passed it is
// rendered by r, whatever its Accept header says.
func ErrorsAs(r ErrorRenderer) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(localRenderer, r)
		return c.Next()
	}
}

// JSONError answers with the contract's JSON error body (API.md).
func JSONError(c *fiber.Ctx, status int, e ErrorDetail) error {
	return c.Status(status).JSON(ErrorBody{Error: e})
}

// HandleError is Fiber's one ErrorHandler: it answers every error with the
// contract's status and message, translated into the caller's language,
// rendered as the request's audience declared (ErrorsAs), and logs only
// the errors that are our fault.
func (s *Server) HandleError(c *fiber.Ctx, err error) error {
	app, internal := asAppError(err)
	if internal {
		s.Logger.Error("request failed", "request_id", RequestID(c), "method", c.Method(),
			"route", LogRoute(c), "err", err)
	}
	status, ok := statusOf[app.Code]
	if !ok {
		status = fiber.StatusInternalServerError
	}
	if app.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(app.RetryAfter))
	}
	lang := Lang(c)
	e := ErrorDetail{Code: app.Code, Message: s.Catalog.T(lang, "error."+app.Code, nil)}
	if len(app.Fields) > 0 {
		e.Fields = make(map[string]string, len(app.Fields))
		for path, f := range app.Fields {
			e.Fields[path] = s.FieldText(lang, path, f, nil, false)
		}
	}
	render, claimed := c.Locals(localRenderer).(ErrorRenderer)
	if !claimed {
		render = s.unclaimed
	}
	return render(c, status, e)
}

// unclaimed renders the errors of requests no audience claimed: unknown
// addresses, static files, and errors raised before routing (body limit).
// These alone are answered by negotiation: an HTML page to a browser
// outside /api, the JSON body to everyone else.
func (s *Server) unclaimed(c *fiber.Ctx, status int, e ErrorDetail) error {
	if !strings.HasPrefix(c.Path(), "/api") &&
		c.Accepts(fiber.MIMEApplicationJSON, fiber.MIMETextHTML) == fiber.MIMETextHTML {
		return s.ErrorPage(nil)(c, status, e)
	}
	return JSONError(c, status, e)
}

// StatusOf is the HTTP status of an application error code, and whether
// the code is known.
func StatusOf(code string) (int, bool) {
	status, ok := statusOf[code]
	return status, ok
}
