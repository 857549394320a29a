package handlers

import "context"

// autocomplete answers while the user types an option: choices for the
// focused option, or none.
func (s *Service) autocomplete(ctx context.Context, c *Command, req Request) (Answer, error) {
	lang := langOf(req)
	ans := Answer{Lang: lang, Intent: "autocomplete", Choices: []Choice{}}
	for _, o := range c.Options {
		if o.Name == req.Focused && o.Complete != nil {
			if ch := o.Complete(ctx, req.Option(o.Name), lang); ch != nil {
				ans.Choices = ch
			}
		}
	}
	return ans, nil
}
