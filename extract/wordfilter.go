package extract

// wordFilter is a bit set over the first two bytes, the last byte and the
// length of the words of a lexicon: a word without its bit is not in the
// lexicon, which is known without a map lookup. Most words of a text are
// in none of the extractor's lexicons.
type wordFilter [1 << 18 / 64]uint64

// wordBit returns the bit of a word that is not empty: the low five bits
// of its first, second and last byte (which tell the letters apart) and of
// its length modulo 8.
func wordBit(w string) int {
	n := len(w)
	return int(w[0]&31)<<13 | int(w[min(1, n-1)]&31)<<8 | int(w[n-1]&31)<<3 | n&7
}

// add puts w in the filter.
func (f *wordFilter) add(w string) {
	if w != "" {
		b := wordBit(w)
		f[b/64] |= 1 << (b % 64)
	}
}

// has reports whether w may have been added.
func (f *wordFilter) has(w string) bool {
	if w == "" {
		return false
	}
	b := wordBit(w)
	return f[b/64]&(1<<(b%64)) != 0
}
