package handlers

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"summitbot/article"
	"summitbot/index"
	"summitbot/internal/atomicfile"
)

// MaxUploadBytes is the largest article /article-add accepts.
const MaxUploadBytes = 1 << 20

// reindex answers /reindex: rebuild, swap, report what changed.
func (s *Service) reindex(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	rep, err := s.cfg.Index.Reindex(ctx, progressFunc(req, lang))
	if errors.Is(err, index.ErrBusy) {
		return errorAnswer(lang, msgBusy), nil
	}
	if err != nil {
		s.log.Error("reindex failed", "err", err)
		return Answer{Lang: lang, Intent: IntentReindex, Ephemeral: true, Error: true,
			Title: pick([2]string{"Neuindizierung fehlgeschlagen", "Reindex failed"}, lang),
			Body:  escape(shorten(err.Error(), 1500)) + "\n\n" + pick([2]string{"Der bisherige Index bleibt in Betrieb.", "The previous index keeps serving."}, lang)}, nil
	}
	return Answer{Lang: lang, Intent: IntentReindex, Ephemeral: true,
		Title: pick([2]string{"Neu indiziert", "Reindexed"}, lang), Body: ReportText(rep, lang)}, nil
}

// progressFunc adapts the transport's progress callback to index progress.
func progressFunc(req Request, lang string) func(index.Progress) {
	if req.Progress == nil {
		return nil
	}
	phase := map[string][2]string{
		"extract": {"Artikel lesen und auswerten", "Reading and extracting articles"},
		"index":   {"Sätze indizieren", "Indexing sentences"},
		"swap":    {"Neuen Index einsetzen", "Swapping in the new index"},
	}
	return func(p index.Progress) {
		msg := pick(phase[p.Phase], lang)
		if p.Total > 0 {
			msg += fmt.Sprintf(" … %d/%d", p.Done, p.Total)
		}
		req.Progress(msg)
	}
}

// ReportText describes a reindex for people.
func ReportText(rep index.Report, lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, pick([2]string{"%d Artikel, %d Sätze, %d Zitate, %d Zusagen in %.1f s.", "%d articles, %d sentences, %d quotes, %d commitments in %.1f s."}, lang),
		rep.Articles, rep.Sentences, rep.Quotes, rep.Commitments, rep.Seconds)
	list := func(label [2]string, ids []string) {
		if len(ids) > 0 {
			fmt.Fprintf(&b, "\n%s (%d): %s", pick(label, lang), len(ids), escape(shorten(strings.Join(ids, ", "), 400)))
		}
	}
	list([2]string{"Neu", "Added"}, rep.Added)
	list([2]string{"Geändert", "Changed"}, rep.Changed)
	list([2]string{"Entfernt", "Removed"}, rep.Removed)
	if len(rep.Added)+len(rep.Changed)+len(rep.Removed) == 0 {
		b.WriteString("\n" + pick([2]string{"Keine Artikel geändert.", "No article changed."}, lang))
	}
	for i, sk := range rep.Skipped {
		if i == 5 {
			fmt.Fprintf(&b, "\n… +%d", len(rep.Skipped)-5)
			break
		}
		b.WriteString("\n⚠️ " + escape(shorten(sk, 200)))
	}
	return b.String()
}

// articleAdd answers /article-add file:<attachment>: check the file, save
// it to the articles folder, reindex. A bad file is refused with the
// reason and nothing is written.
func (s *Service) articleAdd(ctx context.Context, req Request) (Answer, error) {
	lang := langOf(req)
	refuse := func(why string) (Answer, error) {
		return Answer{Lang: lang, Intent: IntentArticleAdd, Ephemeral: true, Error: true,
			Title: pick([2]string{"Artikel abgelehnt", "Article refused"}, lang), Body: why}, nil
	}
	if s.cfg.ArticleDir == "" {
		return refuse(pick([2]string{"Das Hinzufügen von Artikeln ist nicht eingerichtet.", "Adding articles is not configured."}, lang))
	}
	att := req.Attachment
	if att == nil {
		return refuse(pick([2]string{"Keine Datei angehängt.", "No file attached."}, lang))
	}
	name := filepath.Base(att.Name)
	if !article.IsArticleFile(name) || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return refuse(pick([2]string{"Nur .txt- oder .md-Dateien.", "Only .txt or .md files."}, lang))
	}
	if len(att.Data) > MaxUploadBytes {
		return refuse(fmt.Sprintf(pick([2]string{"Die Datei ist zu groß (%d KB, höchstens %d KB).", "The file is too large (%d KB, at most %d KB)."}, lang), len(att.Data)/1024, MaxUploadBytes/1024))
	}
	if !utf8.Valid(att.Data) {
		return refuse(pick([2]string{"Die Datei ist kein UTF-8-Text.", "The file is not UTF-8 text."}, lang))
	}
	a, err := article.Parse(name, att.Data)
	if err != nil {
		return refuse(escape(err.Error()))
	}
	if n := len(a.Sentences); n < 2 {
		return refuse(pick([2]string{"Die Datei enthält keinen Satz außer dem Titel.", "The file has no sentence besides the title."}, lang))
	}
	path := filepath.Join(s.cfg.ArticleDir, name)
	if info, ok := s.cfg.Index.Article(a.ID); ok && filepath.Base(info.File) != name {
		return refuse(fmt.Sprintf(pick([2]string{"Die Artikel-ID %q gibt es schon (%s).", "The article id %q is taken (%s)."}, lang), a.ID, info.File))
	}
	if err := atomicfile.Write(path, att.Data, 0o644); err != nil {
		return Answer{}, fmt.Errorf("save article: %w", err)
	}
	ans, err := s.reindex(ctx, req)
	if err == nil && !ans.Error {
		ans.Title = fmt.Sprintf(pick([2]string{"Artikel „%s“ hinzugefügt", "Article “%s” added"}, lang), escape(shorten(a.Title, 200)))
	}
	return ans, err
}
