package mongo

import (
	"context"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// dueFilter matches emails a worker may lease at now: pending and due, or
// sending under a lease that expired (its worker died or hung).
func dueFilter(now time.Time) bson.D {
	return bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "status", Value: models.OutboxPending}, {Key: "next_attempt_at", Value: bson.D{{Key: "$lte", Value: now}}}},
		bson.D{{Key: "status", Value: models.OutboxSending}, {Key: "lease_until", Value: bson.D{{Key: "$lte", Value: now}}}},
	}}}
}

// findDue returns up to limit due documents matching filter, oldest due
// first, leaving out those in skip (the caller holds them).
func (s *Store) findDue(ctx context.Context, filter bson.D, limit int, skip []string) ([]outboxDue, error) {
	if len(skip) > 0 {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$nin", Value: skip}}})
	}
	cur, err := s.col(colOutboxDue).Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "next_attempt_at", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, err
	}
	var due []outboxDue
	return due, cur.All(ctx, &due)
}

// ClaimOutbox leases up to limit due emails to the caller until now+lease
// and returns them with their bodies, oldest due first; emails in skip
// (those the caller holds) are left out. It is for a delivery that shares
// the store with other instances (MongoDB): no two callers, in this
// process or another, hold a lease on the same email at once, because
// each lease is won by inserting its claim ticket. The whole batch costs a
// fixed number of queries, whatever its size.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int, skip []string) ([]models.OutboxEmail, error) {
	due, err := s.findDue(ctx, dueFilter(now), limit, skip)
	if err != nil || len(due) == 0 {
		return nil, err
	}
	tickets := make([]any, len(due))
	for i, d := range due {
		tickets[i] = bson.D{{Key: "_id", Value: ticketID(d)}, {Key: "created_at", Value: now}}
	}
	lost, err := insertManyDuplicates(ctx, s.col(colOutboxClaims), tickets)
	if err != nil {
		return nil, err
	}
	taken := make(map[int]bool, len(lost))
	for _, i := range lost {
		taken[i] = true
	}
	ours := make([]outboxDue, 0, len(due))
	for i, d := range due {
		if !taken[i] {
			ours = append(ours, d)
		}
	}
	due = ours
	ids := dueIDs(due)
	records, err := s.idsOf(ctx, colOutbox, ids)
	if err != nil {
		return nil, err
	}
	sent, err := s.idsOf(ctx, colOutboxSent, ids)
	if err != nil {
		return nil, err
	}
	var orphans, done, queuing []string
	won := due[:0]
	for _, d := range due {
		switch {
		case sent[d.ID]: // sent, but the process died before forgetting it
			done = append(done, d.ID)
		case !records[d.ID] && now.Sub(d.CreatedAt) > orphanAge:
			orphans = append(orphans, d.ID)
		case !records[d.ID]: // still being queued: look again later
			queuing = append(queuing, ticketID(d))
		default:
			won = append(won, d)
		}
	}
	if err := s.dropQueued(ctx, orphans); err != nil {
		return nil, err
	}
	if err := s.dropQueued(ctx, done); err != nil {
		return nil, err
	}
	if len(queuing) > 0 {
		if _, err := s.col(colOutboxClaims).DeleteMany(ctx, idIn(queuing)); err != nil {
			return nil, err
		}
	}
	if len(won) == 0 {
		return nil, nil
	}
	if _, err := s.col(colOutboxDue).UpdateMany(ctx, idIn(dueIDs(won)), bson.D{
		{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxSending}, {Key: "lease_until", Value: now.Add(lease)}}},
		{Key: "$inc", Value: bson.D{{Key: "claims", Value: 1}}},
	}); err != nil {
		return nil, err
	}
	for i := range won {
		won[i].Status, won[i].LeaseUntil, won[i].Claims = models.OutboxSending, now.Add(lease), won[i].Claims+1
	}
	return s.withBodies(ctx, won)
}

// ClaimOutboxExclusive returns up to limit due emails with their bodies,
// oldest due first, in two queries. It is for the one process that alone
// delivers from the store (the embedded one): it writes no lease, since
// nobody else sends; the caller keeps track of what it holds (skip) and
// leaves out the emails it is still queuing (queuing). After a crash,
// RecoverOutbox tidies what the previous run left.
func (s *Store) ClaimOutboxExclusive(ctx context.Context, now time.Time, limit int, skip []string, queuing func(id string) bool) ([]models.OutboxEmail, error) {
	due, err := s.findDue(ctx, bson.D{{Key: "next_attempt_at", Value: bson.D{{Key: "$lte", Value: now}}}}, limit, skip)
	if err != nil {
		return nil, err
	}
	ready := due[:0]
	for _, d := range due {
		if queuing == nil || !queuing(d.ID) {
			ready = append(ready, d)
		}
	}
	return s.withBodies(ctx, ready)
}

// RecoverOutbox repairs what a crash of the one delivering process can
// leave: due documents of emails already sent (deleted, with their
// bodies), due documents whose record was never written (deleted), and
// leases (handed back). It reads every due id once; call it at start,
// before queuing or delivering anything.
func (s *Store) RecoverOutbox(ctx context.Context, now time.Time) error {
	due, err := s.findDue(ctx, bson.D{}, 0, nil)
	if err != nil || len(due) == 0 {
		return err
	}
	ids := dueIDs(due)
	records, err := s.idsOf(ctx, colOutbox, ids)
	if err != nil {
		return err
	}
	sent, err := s.idsOf(ctx, colOutboxSent, ids)
	if err != nil {
		return err
	}
	var orphans, done, leased []string
	for _, d := range due {
		switch {
		case sent[d.ID]:
			done = append(done, d.ID)
		case !records[d.ID]:
			orphans = append(orphans, d.ID)
		case d.Status == models.OutboxSending:
			leased = append(leased, d.ID)
		}
	}
	if err := s.dropQueued(ctx, orphans); err != nil {
		return err
	}
	if err := s.dropQueued(ctx, done); err != nil {
		return err
	}
	return s.ReleaseOutbox(ctx, leased)
}

// withBodies loads the bodies of due emails in one query. An email whose
// body is gone (erased meanwhile) is left out.
func (s *Store) withBodies(ctx context.Context, due []outboxDue) ([]models.OutboxEmail, error) {
	if len(due) == 0 {
		return nil, nil
	}
	cur, err := s.col(colOutboxBodies).Find(ctx, idIn(dueIDs(due)))
	if err != nil {
		return nil, err
	}
	var bodies []outboxBody
	if err := cur.All(ctx, &bodies); err != nil {
		return nil, err
	}
	byID := make(map[string]*outboxBody, len(bodies))
	for i := range bodies {
		byID[bodies[i].ID] = &bodies[i]
	}
	out := make([]models.OutboxEmail, 0, len(due))
	for i := range due {
		b, ok := byID[due[i].ID]
		if !ok {
			continue
		}
		e := due[i].email()
		e.Text, e.HTML, e.Attachments = b.Text, b.HTML, b.Attachments
		out = append(out, e)
	}
	return out, nil
}

// ReleaseOutbox hands leased emails back unsent (at shutdown), so that the
// next worker need not wait for their leases to expire.
func (s *Store) ReleaseOutbox(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.col(colOutboxDue).UpdateMany(ctx, append(idIn(ids), bson.E{Key: "status", Value: models.OutboxSending}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxPending}, {Key: "lease_until", Value: time.Time{}}}}})
	return err
}

// ticketID names the claim ticket of an email's next lease.
func ticketID(d outboxDue) string { return d.ID + ":" + d.Round + ":" + strconv.Itoa(d.Claims) }

func dueIDs(due []outboxDue) []string {
	ids := make([]string, len(due))
	for i, d := range due {
		ids[i] = d.ID
	}
	return ids
}
