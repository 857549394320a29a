package extract

// The extractor works in buffers that an [Extractor] keeps from article to
// article (see scratch): these helpers hand out their room and reset them.
// A slice handed out has no room to append into the rest of its buffer,
// and a pointer handed out stays good while the buffer fills up: a full
// buffer is replaced, never grown.

// resize returns s with length n and all elements zero, reusing its array
// when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// reserve returns s emptied, with room for n elements.
func reserve[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// carve returns n zero elements taken from the free room of *buf, or newly
// made when it has too little. The slice has no room to append into the
// rest of the buffer.
func carve[T any](buf *[]T, n int) []T {
	b := *buf
	if cap(b)-len(b) < n {
		return make([]T, n)
	}
	*buf = b[:len(b)+n]
	s := b[len(b) : len(b)+n : len(b)+n]
	clear(s) // the buffer may hold an earlier article's
	return s
}

// carveChunk is carve that refills *buf with room for size elements (or
// n, when more) when it has too little.
func carveChunk[T any](buf *[]T, n, size int) []T {
	if cap(*buf)-len(*buf) < n {
		*buf = make([]T, 0, max(n, size))
	}
	return carve(buf, n)
}

// carveRoom returns an empty slice with room for n elements, taken from
// *buf, which is refilled with room for size elements (or n, when more)
// when it has too little. Appending beyond n moves the slice out of the
// buffer.
func carveRoom[T any](buf *[]T, n, size int) []T {
	if cap(*buf)-len(*buf) < n {
		*buf = make([]T, 0, max(n, size))
	}
	b := *buf
	*buf = b[:len(b)+n]
	return b[len(b) : len(b) : len(b)+n]
}

// one returns a pointer to a new zero element taken from *buf, which is
// refilled in chunks of size; the elements never move.
func one[T any](buf *[]T, size int) *T {
	if len(*buf) == cap(*buf) {
		*buf = make([]T, 0, size)
	}
	var zero T
	*buf = append(*buf, zero)
	return &(*buf)[len(*buf)-1]
}
