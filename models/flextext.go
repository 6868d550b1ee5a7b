package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// FlexText is a text given either as one string, shown to every reader,
// or as multilingual Text, shown in the reader's language: the venue's
// accessibility note. It is written back (JSON, BSON, exports) in the form
// it was given, so that clients of the plain string see nothing new. The
// zero value is no text.
type FlexText struct {
	Plain string
	Text  Text
}

// PlainText is a FlexText of one string for every reader.
func PlainText(s string) FlexText { return FlexText{Plain: s} }

// IsZero reports whether there is no text, so that omitzero and BSON's
// omitempty leave it out.
func (f FlexText) IsZero() bool { return f.Plain == "" && len(f.Text) == 0 }

// Multilingual reports whether the text was given by language.
func (f FlexText) Multilingual() bool { return f.Text != nil }

// MarshalJSON writes the string, or the object of languages.
func (f FlexText) MarshalJSON() ([]byte, error) {
	if f.Multilingual() {
		return json.Marshal(f.Text)
	}
	return json.Marshal(f.Plain)
}

// UnmarshalJSON reads a string or a {"lang": "text"} object; null is no
// text.
func (f *FlexText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*f = FlexText{}
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		return json.Unmarshal(b, &f.Plain)
	case len(b) > 0 && b[0] == '{':
		f.Text = Text{}
		if err := json.Unmarshal(b, &f.Text); err != nil {
			return &json.UnmarshalTypeError{Value: "object", Type: reflect.TypeFor[Text]()}
		}
		return nil
	}
	return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[string]()}
}

// MarshalBSONValue stores the string, or the document of languages.
func (f FlexText) MarshalBSONValue() (byte, []byte, error) {
	var v any = f.Plain
	if f.Multilingual() {
		v = map[string]string(f.Text)
	}
	typ, data, err := bson.MarshalValue(v)
	return byte(typ), data, err
}

// UnmarshalBSONValue reads what MarshalBSONValue writes.
func (f *FlexText) UnmarshalBSONValue(typ byte, data []byte) error {
	raw := bson.RawValue{Type: bson.Type(typ), Value: data}
	*f = FlexText{}
	if s, ok := raw.StringValueOK(); ok {
		f.Plain = s
		return nil
	}
	if raw.Type == bson.TypeNull {
		return nil
	}
	f.Text = Text{}
	if err := raw.Unmarshal(&f.Text); err != nil {
		return errors.New("models: a text is a string or a document of languages")
	}
	return nil
}

// CleanText returns the text cleaned by CleanText and trimmed, in either
// form.
func (f FlexText) CleanText() FlexText {
	if f.Multilingual() {
		return FlexText{Text: f.Text.CleanText()}
	}
	return FlexText{Plain: strings.TrimSpace(CleanText(f.Plain))}
}
