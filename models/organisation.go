package models

import "time"

// Organisation is a library or NGO; every activity and every staff account
// except an admin belongs to exactly one.
type Organisation struct {
	ID              string    `bson:"_id" json:"id"`
	Name            string    `bson:"name" json:"name"`
	Slug            string    `bson:"slug" json:"slug"`
	Country         string    `bson:"country" json:"country"`
	Timezone        string    `bson:"timezone" json:"timezone"`
	DefaultLanguage string    `bson:"default_language" json:"default_language"`
	CreatedAt       time.Time `bson:"created_at" json:"created_at"`
}
