package upstream

import (
	"container/heap"
	"math"
)

// A deadline is when a key or a hash field expires, in Unix milliseconds,
// with the TTL in milliseconds miniredis held for it when the expiry layer
// last wrote or read it there: any other value was set since.
type deadline struct{ at, stored int64 }

// fieldTTL is a hash field with a TTL of its own.
type fieldTTL struct {
	name string
	deadline
	q queueSlot
}

func (f *fieldTTL) due() int64       { return f.at }
func (f *fieldTTL) slot() *queueSlot { return &f.q }

// keyTTL is a key with a TTL, hash fields with TTLs, or both; it falls due
// at the earliest of them.
type keyTTL struct {
	name   string
	own    deadline
	hasOwn bool
	fields map[string]*fieldTTL
	queue  dueQueue[*fieldTTL]
	q      queueSlot
}

func (k *keyTTL) due() int64 {
	d := int64(math.MaxInt64)
	if k.hasOwn {
		d = k.own.at
	}
	if f, ok := k.queue.first(); ok {
		d = min(d, f.at)
	}
	return d
}

func (k *keyTTL) slot() *queueSlot { return &k.q }

// A space holds the deadlines of one database in a queue of keys ordered by
// when each next falls due, so the next to expire is found at once and a
// deadline brought forward costs O(log n). A deadline pushed back, as when
// a key is set again with the same TTL, leaves the key where it is, due
// early: it takes its place when it comes first.
type space struct {
	keys  map[string]*keyTTL
	queue dueQueue[*keyTTL]
}

func newSpace() *space { return &space{keys: map[string]*keyTTL{}} }

func (s *space) key(name string) *keyTTL { return s.keys[name] }

func (s *space) entry(name string) *keyTTL {
	k := s.keys[name]
	if k == nil {
		k = &keyTTL{name: name, q: queueSlot{index: -1}}
		s.keys[name] = k
	}
	return k
}

func (s *space) setOwn(name string, d deadline) {
	k := s.entry(name)
	k.own, k.hasOwn = d, true
	s.queue.update(k)
}

func (s *space) clearOwn(name string) {
	if k := s.keys[name]; k != nil && k.hasOwn {
		k.hasOwn = false
		s.settle(k)
	}
}

func (s *space) setField(name, field string, d deadline) {
	k := s.entry(name)
	f := k.fields[field]
	if f == nil {
		if k.fields == nil {
			k.fields = map[string]*fieldTTL{}
		}
		f = &fieldTTL{name: field, q: queueSlot{index: -1}}
		k.fields[field] = f
	}
	f.deadline = d
	k.queue.put(f)
	s.queue.update(k)
}

func (s *space) clearField(name, field string) {
	k := s.keys[name]
	if k == nil {
		return
	}
	if f := k.fields[field]; f != nil {
		k.queue.remove(f)
		delete(k.fields, field)
		s.settle(k)
	}
}

// clearFields forgets every field TTL of the key, as when it stops being a
// hash.
func (s *space) clearFields(name string) {
	if k := s.keys[name]; k != nil && len(k.fields) > 0 {
		k.fields, k.queue = nil, nil
		s.settle(k)
	}
}

// drop forgets the key and its fields, as when it is deleted.
func (s *space) drop(name string) {
	if k := s.keys[name]; k != nil {
		s.queue.remove(k)
		delete(s.keys, name)
	}
}

// settle puts the key back in its place in the queue, or forgets it when
// nothing of it has a TTL any more.
func (s *space) settle(k *keyTTL) {
	if !k.hasOwn && len(k.fields) == 0 {
		s.drop(k.name)
		return
	}
	s.queue.update(k)
}

// next is the first key due by now, if any.
func (s *space) next(now int64) (*keyTTL, bool) { return s.queue.next(now) }

type dueItem interface {
	due() int64
	slot() *queueSlot
}

type queueSlot struct {
	index int   // the item's place in its queue, -1 when in none
	at    int64 // when it is queued to fall due: never after due()
}

// A dueQueue is a min-heap of items by when they are queued to fall due.
// Each item keeps its place, so it can be moved or removed without a
// search.
type dueQueue[T dueItem] []T

func (q dueQueue[T]) Len() int           { return len(q) }
func (q dueQueue[T]) Less(i, j int) bool { return q[i].slot().at < q[j].slot().at }

func (q dueQueue[T]) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].slot().index = i
	q[j].slot().index = j
}

func (q *dueQueue[T]) Push(x any) {
	it := x.(T)
	it.slot().index = len(*q)
	*q = append(*q, it)
}

func (q *dueQueue[T]) Pop() any {
	old := *q
	n := len(old) - 1
	it := old[n]
	var zero T
	old[n] = zero
	*q = old[:n]
	it.slot().index = -1
	return it
}

// put queues the item at its deadline, or moves it there.
func (q *dueQueue[T]) put(it T) {
	s := it.slot()
	s.at = it.due()
	if s.index >= 0 {
		heap.Fix(q, s.index)
	} else {
		heap.Push(q, it)
	}
}

// update is put, except that an item whose deadline moved later stays
// queued at the earlier one; next moves it when it gets there.
func (q *dueQueue[T]) update(it T) {
	if s := it.slot(); s.index < 0 || it.due() < s.at {
		q.put(it)
	}
}

func (q *dueQueue[T]) remove(it T) {
	if i := it.slot().index; i >= 0 {
		heap.Remove(q, i)
	}
}

// first is the item queued to fall due first; put keeps every item queued
// at its deadline, so it is the one due first.
func (q dueQueue[T]) first() (T, bool) {
	if len(q) == 0 {
		var zero T
		return zero, false
	}
	return q[0], true
}

// next is the first item due by now, if any. Items queued early on the way
// move to their deadline.
func (q *dueQueue[T]) next(now int64) (T, bool) {
	for len(*q) > 0 && (*q)[0].slot().at <= now {
		it := (*q)[0]
		if it.due() <= now {
			return it, true
		}
		q.put(it)
	}
	var zero T
	return zero, false
}
