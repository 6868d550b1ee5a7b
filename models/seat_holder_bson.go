package models

import (
	"fmt"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// A SeatHolder is stored as one string, "<signup id>:<party>", not as a
// subdocument: FerretDB decodes a list of 300 strings about eight times
// faster than a list of 300 small documents, and the activity document,
// which carries both lists, is read on every signup. Strings also make
// the list operations plain: an exact $pull, a scalar $ne.

// String is the stored form of h.
func (h SeatHolder) String() string { return h.SignupID + ":" + strconv.Itoa(h.Party) }

// MarshalBSONValue stores h as its String.
func (h SeatHolder) MarshalBSONValue() (byte, []byte, error) {
	t, data, err := bson.MarshalValue(h.String())
	return byte(t), data, err
}

// UnmarshalBSONValue reads the stored form of a SeatHolder.
func (h *SeatHolder) UnmarshalBSONValue(t byte, data []byte) error {
	s, ok := bson.RawValue{Type: bson.Type(t), Value: data}.StringValueOK()
	if !ok {
		return fmt.Errorf("seat holder: want a string, got BSON type %#x", t)
	}
	id, party, ok := strings.Cut(s, ":")
	n, err := strconv.Atoi(party)
	if !ok || err != nil || id == "" || n < 1 {
		return fmt.Errorf("seat holder: malformed %q", s)
	}
	h.SignupID, h.Party = id, n
	return nil
}
