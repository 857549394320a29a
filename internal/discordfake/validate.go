package discordfake

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Discord's limits, as documented; the error codes and messages follow
// Discord's "Invalid Form Body" (50035) bodies where known.

// fieldError is one entry of an Invalid Form Body error tree.
type fieldError struct {
	path    []string
	code    string
	message string
}

type validator struct {
	errs []fieldError
}

func at(path []string, elems ...string) []string {
	p := make([]string, 0, len(path)+len(elems))
	return append(append(p, path...), elems...)
}

func (v *validator) add(path []string, code, message string) {
	v.errs = append(v.errs, fieldError{path: at(path), code: code, message: message})
}

// length checks a string field's length in characters; min 0 means
// optional.
func (v *validator) length(path []string, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case min > 0 && n == 0:
		v.add(path, "BASE_TYPE_REQUIRED", "This field is required")
	case n > max && min <= 0:
		v.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", max))
	case n < min || n > max:
		v.add(path, "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between %d and %d in length.", min, max))
	}
}

// stringField checks m[key] is a string (or absent/null) of the length.
func (v *validator) stringField(path []string, m map[string]any, key string, min, max int) string {
	raw, present := m[key]
	if !present || raw == nil {
		if min > 0 {
			v.add(at(path, key), "BASE_TYPE_REQUIRED", "This field is required")
		}
		return ""
	}
	s, ok := raw.(string)
	if !ok {
		v.add(at(path, key), "BASE_TYPE_STRING", "Must be a string.")
		return ""
	}
	v.length(at(path, key), s, min, max)
	return s
}

func (v *validator) maxItems(path []string, n, max int) {
	if n > max {
		v.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", max))
	}
}

// errorTree nests errors as Discord does:
// {"data": {"content": {"_errors": [{"code": ..., "message": ...}]}}}.
func errorTree(errs []fieldError) map[string]any {
	root := map[string]any{}
	for _, e := range errs {
		node := root
		for _, p := range e.path {
			child, _ := node[p].(map[string]any)
			if child == nil {
				child = map[string]any{}
				node[p] = child
			}
			node = child
		}
		l, _ := node["_errors"].([]any)
		node["_errors"] = append(l, map[string]any{"code": e.code, "message": e.message})
	}
	return root
}

// message checks a message payload (create, edit, interaction response,
// followup) and reports whether it is empty.
func (v *validator) message(path []string, m map[string]any, files int, edit bool) (empty bool) {
	content := v.stringField(path, m, "content", 0, 2000)
	embeds := list(m, "embeds")
	v.maxItems(at(path, "embeds"), len(embeds), 10)
	total := 0
	for i, e := range embeds {
		em, ok := e.(map[string]any)
		if !ok {
			v.add(at(path, "embeds", strconv.Itoa(i)), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
			continue
		}
		total += v.embed(at(path, "embeds", strconv.Itoa(i)), em)
	}
	if total > 6000 {
		v.add(at(path, "embeds"), "BASE_TYPE_MAX_LENGTH", "Embed size exceeds maximum size of 6000")
	}
	components := list(m, "components")
	if intField(m, "flags")&(1<<15) == 0 { // not IS_COMPONENTS_V2
		v.components(at(path, "components"), components)
	}
	v.allowedMentions(at(path, "allowed_mentions"), m)
	if edit {
		return false
	}
	return strings.TrimSpace(content) == "" && len(embeds) == 0 && files == 0 &&
		len(components) == 0 && len(list(m, "sticker_ids")) == 0 && m["poll"] == nil
}

// embed checks one embed and returns its size as Discord counts it.
func (v *validator) embed(path []string, e map[string]any) int {
	size := 0
	size += utf8.RuneCountInString(v.stringField(path, e, "title", 0, 256))
	size += utf8.RuneCountInString(v.stringField(path, e, "description", 0, 4096))
	if c, ok := e["color"]; ok && c != nil {
		if n, ok := num(c); !ok || n < 0 || n > 0xFFFFFF {
			v.add(at(path, "color"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.")
		}
	}
	fields := list(e, "fields")
	v.maxItems(at(path, "fields"), len(fields), 25)
	for i, f := range fields {
		fm, _ := f.(map[string]any)
		if fm == nil {
			fm = map[string]any{}
		}
		fp := at(path, "fields", strconv.Itoa(i))
		size += utf8.RuneCountInString(v.stringField(fp, fm, "name", 1, 256))
		size += utf8.RuneCountInString(v.stringField(fp, fm, "value", 1, 1024))
	}
	if footer, ok := e["footer"].(map[string]any); ok {
		size += utf8.RuneCountInString(v.stringField(at(path, "footer"), footer, "text", 1, 2048))
	}
	if author, ok := e["author"].(map[string]any); ok {
		size += utf8.RuneCountInString(v.stringField(at(path, "author"), author, "name", 1, 256))
	}
	return size
}

func (v *validator) allowedMentions(path []string, m map[string]any) {
	am, ok := m["allowed_mentions"].(map[string]any)
	if !ok {
		return
	}
	parse := map[string]bool{}
	for _, p := range list(am, "parse") {
		ps, _ := p.(string)
		if ps != "users" && ps != "roles" && ps != "everyone" {
			v.add(at(path, "parse"), "BASE_TYPE_CHOICES", "Value must be one of {'everyone', 'roles', 'users'}.")
		}
		parse[ps] = true
	}
	if parse["users"] && len(list(am, "users")) > 0 {
		v.add(at(path, "users"), "SET_TYPE_ALREADY_CONTAINS_VALUE", "parse:[\"users\"] and users: [ids...] are mutually exclusive.")
	}
	if parse["roles"] && len(list(am, "roles")) > 0 {
		v.add(at(path, "roles"), "SET_TYPE_ALREADY_CONTAINS_VALUE", "parse:[\"roles\"] and roles: [ids...] are mutually exclusive.")
	}
}

// components checks classic message components: up to 5 action rows of up
// to 5 buttons or one select menu each, custom ids unique.
func (v *validator) components(path []string, rows []any) {
	v.maxItems(path, len(rows), 5)
	ids := map[string]bool{}
	for i, r := range rows {
		rp := at(path, strconv.Itoa(i))
		row, _ := r.(map[string]any)
		if row == nil || intField(row, "type") != 1 {
			v.add(at(rp, "type"), "COMPONENT_TYPE_INVALID", "Top-level components must be action rows.")
			continue
		}
		children := list(row, "components")
		if len(children) == 0 || len(children) > 5 {
			v.add(at(rp, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
		}
		for j, ch := range children {
			cp := at(rp, "components", strconv.Itoa(j))
			cm, _ := ch.(map[string]any)
			if cm == nil {
				v.add(cp, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
				continue
			}
			switch t := intField(cm, "type"); t {
			case 2:
				v.button(cp, cm, ids)
			case 3, 5, 6, 7, 8:
				if len(children) > 1 {
					v.add(cp, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width")
				}
				v.customID(cp, cm, ids)
				v.stringField(cp, cm, "placeholder", 0, 150)
				if t == 3 {
					opts := list(cm, "options")
					if len(opts) == 0 || len(opts) > 25 {
						v.add(at(cp, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length.")
					}
					for k, o := range opts {
						om, _ := o.(map[string]any)
						if om == nil {
							om = map[string]any{}
						}
						op := at(cp, "options", strconv.Itoa(k))
						v.stringField(op, om, "label", 1, 100)
						v.stringField(op, om, "value", 1, 100)
						v.stringField(op, om, "description", 0, 100)
					}
				}
			default:
				v.add(at(cp, "type"), "COMPONENT_TYPE_INVALID", fmt.Sprintf("Component type %d is invalid here.", t))
			}
		}
	}
}

func (v *validator) customID(path []string, m map[string]any, ids map[string]bool) {
	id := v.stringField(path, m, "custom_id", 1, 100)
	if id == "" {
		return
	}
	if ids[id] {
		v.add(at(path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
	}
	ids[id] = true
}

func (v *validator) button(path []string, m map[string]any, ids map[string]bool) {
	style := intField(m, "style")
	v.stringField(path, m, "label", 0, 80)
	switch style {
	case 5: // link
		v.stringField(path, m, "url", 1, 512)
		if str(m, "custom_id") != "" {
			v.add(at(path, "custom_id"), "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A custom id is not allowed on link buttons.")
		}
	case 6: // premium
	case 1, 2, 3, 4:
		v.customID(path, m, ids)
		if str(m, "url") != "" {
			v.add(at(path, "url"), "BUTTON_COMPONENT_URL_NOT_ALLOWED", "A url is only allowed on link buttons.")
		}
	default:
		v.add(at(path, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.")
	}
	if str(m, "label") == "" && m["emoji"] == nil && style != 6 {
		v.add(at(path, "label"), "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A label or an emoji is required.")
	}
}

// choices checks an autocomplete result.
func (v *validator) choices(path []string, m map[string]any) {
	cs := list(m, "choices")
	v.maxItems(at(path, "choices"), len(cs), 25)
	for i, c := range cs {
		cm, _ := c.(map[string]any)
		if cm == nil {
			cm = map[string]any{}
		}
		cp := at(path, "choices", strconv.Itoa(i))
		v.stringField(cp, cm, "name", 1, 100)
		switch val := cm["value"].(type) {
		case string:
			v.length(at(cp, "value"), val, 0, 100)
		case nil:
			v.add(at(cp, "value"), "BASE_TYPE_REQUIRED", "This field is required")
		}
	}
}

// modal checks a modal: custom id, title, 1 to 5 rows of one text input.
func (v *validator) modal(path []string, m map[string]any) {
	v.stringField(path, m, "custom_id", 1, 100)
	v.stringField(path, m, "title", 1, 45)
	rows := list(m, "components")
	if len(rows) == 0 || len(rows) > 5 {
		v.add(at(path, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
	}
	for i, r := range rows {
		rp := at(path, "components", strconv.Itoa(i))
		row, _ := r.(map[string]any)
		switch intField(row, "type") {
		case 1:
			children := list(row, "components")
			if len(children) != 1 {
				v.add(at(rp, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 1 in length.")
				continue
			}
			in, _ := children[0].(map[string]any)
			ip := at(rp, "components", "0")
			if intField(in, "type") != 4 {
				v.add(at(ip, "type"), "COMPONENT_TYPE_INVALID", "Modal action rows hold one text input.")
				continue
			}
			v.stringField(ip, in, "custom_id", 1, 100)
			v.stringField(ip, in, "label", 1, 45)
			v.stringField(ip, in, "placeholder", 0, 100)
			v.stringField(ip, in, "value", 0, 4000)
		case 18: // label component (newer modal layout)
		default:
			v.add(at(rp, "type"), "COMPONENT_TYPE_INVALID", "Modals hold action rows.")
		}
	}
}

// chatInputName is Discord's regular expression for CHAT_INPUT command and
// option names.
var chatInputName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

func (v *validator) name(path []string, name string, chatInput bool) {
	if !chatInput {
		v.length(path, name, 1, 32)
		return
	}
	if !chatInputName.MatchString(name) || strings.ToLower(name) != name {
		v.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
	}
}

// commands checks a list of commands as a bulk overwrite does.
func (v *validator) commands(cmds []map[string]any) {
	seen := map[string]bool{}
	counts := map[int64]int{}
	for i, cmd := range cmds {
		p := []string{strconv.Itoa(i)}
		v.command(p, cmd)
		key := strconv.FormatInt(cmdType(cmd), 10) + "/" + str(cmd, "name")
		if seen[key] {
			v.add(at(p, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
		counts[cmdType(cmd)]++
	}
	if counts[1] > 100 || counts[2] > 5 || counts[3] > 5 {
		v.add(nil, "APPLICATION_COMMAND_TOO_MANY", "Maximum number of application commands reached (100 chat input, 5 user, 5 message).")
	}
}

// command checks one application command.
func (v *validator) command(path []string, cmd map[string]any) {
	typ := cmdType(cmd)
	if typ < 1 || typ > 4 {
		v.add(at(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
	}
	chat := typ == 1
	name := v.stringField(path, cmd, "name", 1, 32)
	if name != "" {
		v.name(at(path, "name"), name, chat)
	}
	if chat {
		v.stringField(path, cmd, "description", 1, 100)
	} else if str(cmd, "description") != "" {
		v.add(at(path, "description"), "APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED", "Only chat input commands have a description.")
	}
	v.localizations(at(path, "name_localizations"), cmd["name_localizations"], 32, chat)
	v.localizations(at(path, "description_localizations"), cmd["description_localizations"], 100, false)
	if p, ok := cmd["default_member_permissions"]; ok && p != nil {
		if _, isNum := num(p); !isNum {
			if ps, _ := p.(string); ps == "" || strings.Trim(ps, "0123456789") != "" {
				v.add(at(path, "default_member_permissions"), "BASE_TYPE_INVALID", "Must be a permission bit set as a string.")
			}
		}
	}
	opts := list(cmd, "options")
	if !chat && len(opts) > 0 {
		v.add(at(path, "options"), "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED", "Only chat input commands have options.")
		return
	}
	v.options(at(path, "options"), opts, 0)
}

func (v *validator) localizations(path []string, raw any, max int, isName bool) {
	m, ok := raw.(map[string]any)
	if !ok {
		return
	}
	for locale, val := range m {
		s, ok := val.(string)
		if !ok {
			if val != nil {
				v.add(at(path, locale), "BASE_TYPE_STRING", "Must be a string.")
			}
			continue
		}
		if isName {
			v.name(at(path, locale), s, true)
		} else {
			v.length(at(path, locale), s, 1, max)
		}
	}
}

// options checks a level of command options; depth 0 is the command's.
func (v *validator) options(path []string, opts []any, depth int) {
	v.maxItems(path, len(opts), 25)
	names := map[string]bool{}
	optional := false
	subs, others := 0, 0
	for i, o := range opts {
		op := at(path, strconv.Itoa(i))
		om, _ := o.(map[string]any)
		if om == nil {
			v.add(op, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
			continue
		}
		t := intField(om, "type")
		if t < 1 || t > 11 {
			v.add(at(op, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
		}
		name := v.stringField(op, om, "name", 1, 32)
		if name != "" {
			v.name(at(op, "name"), name, true)
			if names[name] {
				v.add(at(op, "name"), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option names must be unique")
			}
			names[name] = true
		}
		v.stringField(op, om, "description", 1, 100)
		v.localizations(at(op, "name_localizations"), om["name_localizations"], 32, true)
		v.localizations(at(op, "description_localizations"), om["description_localizations"], 100, false)
		if t == 1 || t == 2 {
			subs++
			if t == 2 && depth > 0 || t == 1 && depth > 1 {
				v.add(at(op, "type"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Sub-commands nest at most command > group > sub-command.")
			}
			v.options(at(op, "options"), list(om, "options"), depth+1)
			continue
		}
		others++
		required, _ := om["required"].(bool)
		if required && optional {
			v.add(at(op, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		}
		if !required {
			optional = true
		}
		choices := list(om, "choices")
		auto, _ := om["autocomplete"].(bool)
		if auto && len(choices) > 0 {
			v.add(at(op, "autocomplete"), "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Autocomplete cannot be enabled with choices.")
		}
		if auto && t != 3 && t != 4 && t != 10 {
			v.add(at(op, "autocomplete"), "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID", "Autocomplete is only for string, integer and number options.")
		}
		v.maxItems(at(op, "choices"), len(choices), 25)
		for k, c := range choices {
			cm, _ := c.(map[string]any)
			if cm == nil {
				cm = map[string]any{}
			}
			cp := at(op, "choices", strconv.Itoa(k))
			v.stringField(cp, cm, "name", 1, 100)
			if s, ok := cm["value"].(string); ok {
				v.length(at(cp, "value"), s, 1, 100)
			}
		}
		for _, key := range []string{"min_length", "max_length"} {
			if n, ok := num(om[key]); ok && (n < 0 || n > 6000) {
				v.add(at(op, key), "NUMBER_TYPE_MAX", "Must be between 0 and 6000.")
			}
		}
	}
	if subs > 0 && others > 0 {
		v.add(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group options cannot be mixed with other options.")
	}
}
