package handlers

import (
	"sort"
	"strings"

	"summitbot/extract"
	"summitbot/index"
)

// Sources that disagree, pure part: two commitments from different
// sources that cannot both be right. One article counts Italy among the
// troop senders, another says it refuses; one says 26 states, another
// 24. The I/O and rendering are in conflicts_answer.go.

// Kinds of conflict.
const (
	conflictStatus = "status" // the same actor, the same topic, statuses that exclude each other
	conflictCount  = "count"  // the same group noun and topic, another number
)

// conflict is a pair of commitments that disagree. A comes first in the
// index's order.
type conflict struct {
	Kind string
	A, B index.CommitmentHit
	// TopicA and TopicB are what both actions are about, in the words
	// of A and of B ("Truppen", "troops").
	TopicA, TopicB string
	// LangA and LangB are the languages of the articles of A and B.
	LangA, LangB string
}

// involves reports whether the conflict concerns the actor id.
func (c conflict) involves(id string) bool {
	return strings.EqualFold(c.A.Commitment.Actor.ID, id) || strings.EqualFold(c.B.Commitment.Actor.ID, id)
}

// incompatible reports statuses that exclude each other: a promise or a
// plan against a refusal, a promise against a postponed decision.
func incompatible(a, b string) bool {
	pair := func(x, y string) bool { return (a == x && b == y) || (a == y && b == x) }
	return pair(extract.Committed, extract.Declined) || pair(extract.Planned, extract.Declined) ||
		pair(extract.Committed, extract.Deferred)
}

// differentSources reports commitments from different articles, or from
// one article that quotes two different sources for them.
func differentSources(a, b index.CommitmentHit) bool {
	if a.Article != b.Article {
		return true
	}
	sa, sb := a.Commitment.Source, b.Commitment.Source
	return sa != nil && sb != nil && sa.ID != "" && sb.ID != "" && !strings.EqualFold(sa.ID, sb.ID)
}

// actionTopic returns the units of an action that say what it is about:
// content words and concepts, without names (every action names a
// state), numbers, generic verbs ("send", "liefern") and the words of
// committing itself ("Zusage", "pledge").
func actionTopic(c *comparer, action, lang string) []unit {
	var out []unit
	for _, u := range c.units(action, lang) {
		if u.Kind != unitWord && u.Kind != unitConcept {
			continue
		}
		generic := true
		for _, w := range strings.Fields(u.Fold) {
			_, status := statusWords[w]
			if !(qGenericVerbs[w] || qSendVerbs[w] || status || qCommitFiller[w] || pasteSendVerbs[w] || meansWords[w]) {
				generic = false
			}
		}
		if !generic {
			out = append(out, u)
		}
	}
	return out
}

// sharedTopic returns the units of a that some unit of b matches (the
// same word, or the same concept in the other language).
func sharedTopic(a, b []unit) []unit {
	var out []unit
	for _, x := range a {
		for _, y := range b {
			if matchUnits(x, y) >= matchSynonym {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// groupNoun returns the folded noun of a counted group ("26 Staaten" →
// "staaten"), with every state noun as "states".
func groupNoun(e extract.Entity) string {
	var words []string
	for _, t := range extract.Tokenize(firstNonEmpty(e.Name, e.Mention, e.ID)) {
		if _, num := numberOf(t.Fold); num {
			continue
		}
		w := t.Fold
		if qStateNouns[w] {
			w = "states"
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// findConflicts returns the pairs of commitments that disagree: the same
// actor on an overlapping topic with statuses that exclude each other, or
// the same group noun on an overlapping topic with another count, each
// pair from different sources. langs gives each article's language.
func findConflicts(c *comparer, hits []index.CommitmentHit, langs map[string]string) []conflict {
	return conflictsAmong(c, hits, langs, -1)
}

// conflictsAmong is findConflicts; with focus >= 0 only the pairs with
// hits[focus] are compared.
func conflictsAmong(c *comparer, hits []index.CommitmentHit, langs map[string]string, focus int) []conflict {
	// The topics are compared only for pairs that pass the cheap tests,
	// and worked out once per hit.
	topics := make([][]unit, len(hits))
	done := make([]bool, len(hits))
	topic := func(i int) []unit {
		if !done[i] {
			cm := hits[i].Commitment
			topics[i], done[i] = actionTopic(c, c.k.withoutForeignPersonnel(cm.Action, cm.Actor.ID, nil), langs[hits[i].Article]), true
		}
		return topics[i]
	}
	nouns := make([]string, len(hits))
	noun := func(i int) string {
		if nouns[i] == "" {
			nouns[i] = groupNoun(hits[i].Commitment.Actor) + "\x00"
		}
		return nouns[i]
	}
	var out []conflict
	seen := map[string]bool{}
	for i := range hits {
		for j := i + 1; j < len(hits); j++ {
			if focus >= 0 && i != focus && j != focus {
				continue
			}
			a, b := hits[i], hits[j]
			ca, cb := a.Commitment, b.Commitment
			if !differentSources(a, b) {
				continue
			}
			kind := ""
			switch {
			case ca.Actor.ID != "" && strings.EqualFold(ca.Actor.ID, cb.Actor.ID) && incompatible(ca.Status, cb.Status):
				kind = conflictStatus
			case ca.Actor.Count > 0 && cb.Actor.Count > 0 && ca.Actor.Count != cb.Actor.Count &&
				ca.Actor.Kind == extract.KindGroup && cb.Actor.Kind == extract.KindGroup &&
				statusClass(ca.Status) == statusClass(cb.Status) && noun(i) == noun(j):
				kind = conflictCount
			default:
				continue
			}
			shared := sharedTopic(topic(i), topic(j))
			if len(shared) == 0 {
				continue
			}
			key := kind + "\x00" + strings.ToLower(ca.Actor.ID) + "\x00" + strings.ToLower(cb.Actor.ID) + "\x00" + a.Article + "\x00" + b.Article + "\x00" + ca.Status + "\x00" + cb.Status
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, conflict{Kind: kind, A: a, B: b, TopicA: unitsText(shared), TopicB: unitsText(sharedTopic(topic(j), topic(i))),
				LangA: langs[a.Article], LangB: langs[b.Article]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind == conflictStatus
		}
		return out[i].A.Commitment.Actor.Name < out[j].A.Commitment.Actor.Name
	})
	return out
}
