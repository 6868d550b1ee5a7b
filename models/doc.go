// Package models holds Agora's domain types and the pure rules about them:
// organisations, staff users, activities, signups, messages, and the error
// codes every layer speaks. It performs no I/O and imports nothing of ours,
// so every other package can depend on it.
package models
