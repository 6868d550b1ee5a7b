package models

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve on hosts without a zoneinfo database

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/lv"
	"github.com/go-playground/locales/pl"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/tr"
	"github.com/go-playground/locales/uk"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	artr "github.com/go-playground/validator/v10/translations/ar"
	entr "github.com/go-playground/validator/v10/translations/en"
	estr "github.com/go-playground/validator/v10/translations/es"
	lvtr "github.com/go-playground/validator/v10/translations/lv"
	pltr "github.com/go-playground/validator/v10/translations/pl"
	rutr "github.com/go-playground/validator/v10/translations/ru"
	trtr "github.com/go-playground/validator/v10/translations/tr"
	uktr "github.com/go-playground/validator/v10/translations/uk"
	"golang.org/x/text/language"
)

// checker validates every request and entity of Agora. It is built once,
// then only read (validator.Validate is safe for concurrent use).
var checker = newChecker()

type validation struct {
	v *validator.Validate
	// translators are validator's own message translations, for the
	// languages it ships; the rest come from our catalogue.
	translators map[string]ut.Translator
}

var (
	slugPattern       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	questionIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	langPattern       = regexp.MustCompile(`^[a-z]{2,3}$`)
)

func newChecker() *validation {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	must := func(err error) {
		if err != nil {
			panic("models: validator setup: " + err.Error()) // a programming error, found at start-up
		}
	}
	must(v.RegisterValidation("lang", func(fl validator.FieldLevel) bool { return IsLanguageCode(fl.Field().String()) }))
	must(v.RegisterValidation("tz", func(fl validator.FieldLevel) bool { return IsTimezone(fl.Field().String()) }))
	must(v.RegisterValidation("slug", func(fl validator.FieldLevel) bool { return slugPattern.MatchString(fl.Field().String()) }))
	must(v.RegisterValidation("qid", func(fl validator.FieldLevel) bool {
		return questionIDPattern.MatchString(fl.Field().String())
	}))
	v.RegisterStructValidation(activityRules, Activity{})

	type shipped struct {
		loc      locales.Translator
		register func(*validator.Validate, ut.Translator) error
	}
	langs := map[string]shipped{
		"en": {en.New(), entr.RegisterDefaultTranslations}, "pl": {pl.New(), pltr.RegisterDefaultTranslations},
		"lv": {lv.New(), lvtr.RegisterDefaultTranslations}, "es": {es.New(), estr.RegisterDefaultTranslations},
		"tr": {tr.New(), trtr.RegisterDefaultTranslations}, "uk": {uk.New(), uktr.RegisterDefaultTranslations},
		"ru": {ru.New(), rutr.RegisterDefaultTranslations}, "ar": {ar.New(), artr.RegisterDefaultTranslations},
	}
	uni := ut.New(en.New())
	c := &validation{v: v, translators: map[string]ut.Translator{}}
	for lang, l := range langs {
		must(uni.AddTranslator(l.loc, true))
		t, _ := uni.GetTranslator(lang)
		must(l.register(v, t))
		c.translators[lang] = t
	}
	return c
}

// Validate checks v against its validate tags and Agora's cross-field
// rules. It returns nil, or a validation_failed *Error whose fields are
// keyed by JSON path ("venue.name", "questions[0].options", "title.en").
// Field errors are keys and parameters only; no language is chosen here.
func Validate(v any) error {
	err := checker.v.Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err // not a struct: a programming error, reported as internal
	}
	fields := make(map[string]FieldError, len(verrs))
	for _, fe := range verrs {
		path := jsonPath(fe.Namespace())
		if _, seen := fields[path]; seen {
			continue // the first failed rule of a field is the one to fix first
		}
		fields[path] = FieldError{Key: fieldKey(fe), Param: fe.Param(), cause: fe}
	}
	return Invalid(fields)
}

// ValidatorText is validator's own message for this error in lang ("count
// must be 1 or greater"), for the languages validator ships messages in;
// ok is false otherwise, and for errors found by Agora's own rules, and the
// catalogue's "field.<Key>" applies. The message is made only when asked,
// in the one language the reader reads. Some of validator's translations
// panic (a plural rule missing from their locale, e.g. "min" on text);
// ok is false then too.
func (f FieldError) ValidatorText(lang string) (msg string, ok bool) {
	t, shipped := checker.translators[lang]
	if f.cause == nil || !shipped {
		return "", false
	}
	defer func() {
		if recover() != nil {
			msg, ok = "", false
		}
	}()
	msg = f.cause.Translate(t)
	return msg, msg != f.cause.Error()
}

// fieldKey is the catalogue key of a failed rule: min and max on text
// count characters, which the message must say.
func fieldKey(fe validator.FieldError) string {
	if fe.Kind() == reflect.String && (fe.Tag() == "min" || fe.Tag() == "max") {
		return fe.Tag() + "_length"
	}
	return fe.Tag()
}

// MergeInvalid combines validation errors: the fields of every
// validation_failed error, the first one winning for a path. Any other
// error is returned as is.
func MergeInvalid(errs ...error) error {
	fields := map[string]FieldError{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != ErrValidationFailed {
			return err
		}
		for p, f := range e.Fields {
			if _, ok := fields[p]; !ok {
				fields[p] = f
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return Invalid(fields)
}

// jsonPath turns validator's namespace ("Activity.questions[0].options",
// "Activity.title[en]") into the request's JSON path without the type
// name; map keys become path segments ("title.en"), list indices stay.
func jsonPath(ns string) string {
	_, rest, ok := strings.Cut(ns, ".")
	if !ok {
		rest = ns
	}
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		if rest[i] != '[' {
			b.WriteByte(rest[i])
			continue
		}
		end := strings.IndexByte(rest[i:], ']')
		if end < 0 {
			b.WriteString(rest[i:])
			break
		}
		key := rest[i+1 : i+end]
		if key != "" && strings.Trim(key, "0123456789") == "" {
			b.WriteString(rest[i : i+end+1])
		} else {
			b.WriteString("." + key)
		}
		i += end
	}
	return b.String()
}

// IsLanguageCode reports whether s is a BCP 47 base language ("en", "pl",
// "fil"): two or three lower-case letters naming a known language.
func IsLanguageCode(s string) bool {
	if !langPattern.MatchString(s) {
		return false
	}
	_, err := language.ParseBase(s)
	return err == nil
}

// IsTimezone reports whether s is an IANA time zone name ("Europe/Warsaw",
// "UTC"); the host's "Local" is not one.
func IsTimezone(s string) bool {
	if s == "" || s == "Local" {
		return false
	}
	_, err := time.LoadLocation(s)
	return err == nil
}
