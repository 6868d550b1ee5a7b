package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Option is one answer of a choice question. It is given either as a
// plain string, which is both its id and what every reader sees, or as
// {"id", "label": {"en": …, "ar": …}}, whose label is shown in the
// reader's language. Answers carry the id either way. An option is written
// back (JSON, BSON, exports) in the form it was given, so that clients of
// plain string options see nothing new.
type Option struct {
	// ID is the answer's value; unique within the question.
	ID string `json:"id" validate:"required,max=200"`
	// Label is nil for a plain string option. An object option always has
	// a non-nil label, so that an empty one fails validation rather than
	// turn the option into a plain one.
	Label Text `json:"label" validate:"omitempty,min=1,dive,keys,lang,endkeys,required,max=200"`
}

// Plain reports whether the option was given as a plain string.
func (o Option) Plain() bool { return o.Label == nil }

// optionObject is the object form of an option on the wire and on disk.
type optionObject struct {
	ID    string `json:"id" bson:"id"`
	Label Text   `json:"label" bson:"label"`
}

// MarshalJSON writes a plain option as its string, another as an object.
func (o Option) MarshalJSON() ([]byte, error) {
	if o.Plain() {
		return json.Marshal(o.ID)
	}
	return json.Marshal(optionObject(o))
}

// UnmarshalJSON reads a string or an {"id", "label"} object; anything
// else, or an object with other fields, is a type error naming the field.
func (o *Option) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		*o = Option{}
		return json.Unmarshal(b, &o.ID)
	}
	if len(b) == 0 || b[0] != '{' {
		return &json.UnmarshalTypeError{Value: "non-object", Type: reflect.TypeFor[Option]()}
	}
	var obj optionObject
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&obj); err != nil {
		return &json.UnmarshalTypeError{Value: "object", Type: reflect.TypeFor[Option]()}
	}
	if obj.Label == nil {
		obj.Label = Text{}
	}
	*o = Option(obj)
	return nil
}

// MarshalBSONValue stores a plain option as a string, another as a
// document, as in JSON.
func (o Option) MarshalBSONValue() (byte, []byte, error) {
	var v any = optionObject(o)
	if o.Plain() {
		v = o.ID
	}
	typ, data, err := bson.MarshalValue(v)
	return byte(typ), data, err
}

// UnmarshalBSONValue reads what MarshalBSONValue writes.
func (o *Option) UnmarshalBSONValue(typ byte, data []byte) error {
	raw := bson.RawValue{Type: bson.Type(typ), Value: data}
	if s, ok := raw.StringValueOK(); ok {
		*o = Option{ID: s}
		return nil
	}
	var obj optionObject
	if err := raw.Unmarshal(&obj); err != nil {
		return errors.New("models: an option is a string or a document")
	}
	if obj.Label == nil {
		obj.Label = Text{}
	}
	*o = Option(obj)
	return nil
}

// Option returns the question's option with that id, and whether there
// is one: answers to choice questions carry option ids.
func (q *Question) Option(id string) (Option, bool) {
	for _, o := range q.Options {
		if o.ID == id {
			return o, true
		}
	}
	return Option{}, false
}

// OptionIDs are the ids of the question's options, in order, as a
// validation message lists them.
func (q *Question) OptionIDs() []string {
	ids := make([]string, len(q.Options))
	for i, o := range q.Options {
		ids[i] = o.ID
	}
	return ids
}

// clean returns the option with its id and labels on one line, trimmed.
func (o Option) clean() Option {
	o.ID = strings.TrimSpace(CleanLine(o.ID))
	if o.Label != nil {
		o.Label = o.Label.CleanLines()
	}
	return o
}

// PlainOptions are options given as plain strings.
func PlainOptions(ids ...string) []Option {
	out := make([]Option, len(ids))
	for i, id := range ids {
		out[i] = Option{ID: id}
	}
	return out
}
