package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"summitbot/internal/fold"
)

// Analyzer and filter names registered with Bleve.
const (
	foldFilterName = "summitbot_fold"
	analyzerDE     = "summitbot_de" // German: stop words, folding, light stemming
	analyzerEN     = "summitbot_en" // English: possessives, stop words, folding, Porter
)

// foldFilter folds each token's term (accents, umlauts, ß, case) with
// internal/fold. Only the term changes; the token's byte offsets still
// point at the original text, so highlights stay right.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = fold.Bytes(t.Term)
	}
	return input
}

func init() {
	// Bleve's registry is its plug-in point: components register by name at
	// init, as its own analysis packages do.
	registry.RegisterTokenFilter(foldFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
}

// addAnalyzers registers the project's analyzers with a mapping.
func addAnalyzers(im *mapping.IndexMappingImpl) error {
	analyzers := map[string][]string{
		analyzerDE: {lowercase.Name, de.StopName, foldFilterName, de.NormalizeName, de.LightStemmerName},
		analyzerEN: {en.PossessiveName, lowercase.Name, en.StopName, foldFilterName, porter.Name},
	}
	for name, filters := range analyzers {
		if err := im.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		}); err != nil {
			return err
		}
	}
	return nil
}

// newMapping returns the index mapping: one document per sentence, its
// text analysed in German or English, the words of facts spanning
// sentences likewise, keyword fields for ids and facets.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	im.DefaultAnalyzer = analyzerDE
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	if err := addAnalyzers(im); err != nil {
		return nil, err
	}
	text := func(analyzer string, vectors bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors
		f.DocValues = false
		return f
	}
	// Keyword fields keep doc values only where they are sorted or
	// faceted on; every extra structure costs indexing time.
	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	fields := map[string]*mapping.FieldMapping{
		fArticle: kw(true, true),
		fOrder:   kw(true, true),
		fSection: stored(),
		fText:    stored(),
		fTextDE:  text(analyzerDE, true),
		fTextEN:  text(analyzerEN, true),
		fFactsDE: text(analyzerDE, false),
		fFactsEN: text(analyzerEN, false),
		fStates:  kw(false, false),
		fFacts:   stored(),
		fSpeaker: kw(false, false),
		fActorSt: kw(false, false),
		fHas:     kw(false, false),
	}
	d := mapping.NewDocumentStaticMapping()
	for name, f := range fields {
		d.AddFieldMappingsAt(name, f)
	}
	im.DefaultMapping = d
	return im, im.Validate()
}
