package models

import (
	"encoding/json"
	"reflect"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Options and the accessibility note keep the form they were given in,
// through JSON (the API, SQLite, exports) and BSON (MongoDB).
func TestOptionAndFlexTextRoundTrip(t *testing.T) {
	type doc struct {
		Options []Option `json:"options" bson:"options"`
		Note    FlexText `json:"note" bson:"note"`
	}
	cases := map[string]struct {
		json string
		want doc
	}{
		"Plain": {`{"options":["none","veg"],"note":"Ramp"}`,
			doc{Options: PlainOptions("none", "veg"), Note: PlainText("Ramp")}},
		"Multilingual": {`{"options":[{"id":"veg","label":{"ar":"نباتي","en":"Vegetarian"}},"none"],"note":{"ar":"منحدر","en":"Ramp"}}`,
			doc{Options: []Option{{ID: "veg", Label: Text{"en": "Vegetarian", "ar": "نباتي"}}, {ID: "none"}},
				Note: FlexText{Text: Text{"en": "Ramp", "ar": "منحدر"}}}},
	}
	for name, c := range cases {
		t.Run(name+"/JSON", func(t *testing.T) {
			var got doc
			if err := json.Unmarshal([]byte(c.json), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("read %+v, want %+v", got, c.want)
			}
			b, err := json.Marshal(got)
			if err != nil || string(b) != c.json {
				t.Fatalf("wrote %s (%v), want %s", b, err, c.json)
			}
		})
		t.Run(name+"/BSON", func(t *testing.T) {
			b, err := bson.Marshal(c.want)
			if err != nil {
				t.Fatal(err)
			}
			var got doc
			if err := bson.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("read back %+v, want %+v", got, c.want)
			}
		})
	}
	t.Run("ErrWrongShapes", func(t *testing.T) {
		for _, in := range []string{`{"options":[1]}`, `{"options":[{"id":"a","colour":"red"}]}`, `{"note":[]}`} {
			var got doc
			if err := json.Unmarshal([]byte(in), &got); err == nil {
				t.Errorf("%s accepted as %+v", in, got)
			}
		}
	})
	t.Run("EmptyLabelStaysAnObject", func(t *testing.T) {
		var o Option
		if err := json.Unmarshal([]byte(`{"id":"a"}`), &o); err != nil || o.Plain() {
			t.Fatalf("an object without a label read as %+v (%v); it must fail validation, not become plain", o, err)
		}
	})
}
