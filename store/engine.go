package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// FerretDB v1 on SQLite pushes a query down to SQLite only when its filter
// is exactly {_id: <string>}; any other filter, even {_id, status}, reads
// and decodes every document of the collection. Its updates are not
// atomic either, so on FerretDB every write to an activity's seats or its
// signups is serialised in-process (registration's activity lock) and the
// conditions of a conditional update are checked on the document the
// caller just read under that lock, while the write itself filters on _id
// alone. On MongoDB the same methods put the conditions in the filter,
// where they are atomic across instances.

// isFerretDB asks the server who it is: FerretDB's buildInfo carries its
// own version.
func isFerretDB(ctx context.Context, db *mongo.Database) bool {
	var info bson.M
	if err := db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return false
	}
	_, ok := info["ferretdbVersion"]
	return ok
}

// FerretDB reports whether the server is FerretDB (see above).
func (s *Store) FerretDB() bool { return s.ferret }

// byID is the filter of a conditional write: on FerretDB the _id alone
// (the caller checked the conditions under the activity lock), else the
// _id and the conditions.
func (s *Store) byID(id string, conditions ...bson.E) bson.D {
	f := bson.D{{Key: "_id", Value: id}}
	if s.ferret {
		return f
	}
	return append(f, conditions...)
}
