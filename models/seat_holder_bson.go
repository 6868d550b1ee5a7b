package models

import (
	"fmt"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// On MongoDB a SeatHolder is stored as one string, "<signup id>:<party>"
// or, with its Queue, "<signup id>:<party>:<queue>",
// not as a subdocument: a list of strings is smaller and faster to decode
// in the activity document, which carries both lists and is read on every
// signup, and it makes the list operations plain: an exact $pull, a
// scalar $ne. (Kept for the data already stored in this form.)

// String is the stored form of h.
func (h SeatHolder) String() string {
	s := h.SignupID + ":" + strconv.Itoa(h.Party)
	if h.Queue != 0 {
		s += ":" + strconv.FormatInt(h.Queue, 10)
	}
	return s
}

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
	id, rest, ok := strings.Cut(s, ":")
	party, queue, hasQueue := strings.Cut(rest, ":")
	n, err := strconv.Atoi(party)
	var q int64
	if hasQueue && err == nil {
		q, err = strconv.ParseInt(queue, 10, 64)
	}
	if !ok || err != nil || id == "" || n < 1 {
		return fmt.Errorf("seat holder: malformed %q", s)
	}
	h.SignupID, h.Party, h.Queue = id, n, q
	return nil
}
