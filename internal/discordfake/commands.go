package discordfake

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Commands returns the application commands registered for a guild, or the
// global ones when guildID is empty, as the fake returns them (with the ids
// it assigned), in registration order.
func (s *Server) Commands(guildID string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := s.commands[guildID]
	out := make([]json.RawMessage, len(cmds))
	for i, c := range cmds {
		out[i], _ = json.Marshal(c)
	}
	return out
}

// appOK answers 403 if the path's application is not the fake's.
func (s *Server) appOK(c *call) bool {
	if c.params["app"] != s.opts.AppID {
		c.fail(http.StatusForbidden, 50001, "Missing Access")
		return false
	}
	return true
}

func cmdType(c map[string]any) int64 {
	if t, ok := num(c["type"]); ok {
		return t
	}
	return 1
}

// storeCommandLocked fills the fields Discord adds to a command.
func (s *Server) storeCommandLocked(guildID string, cmd map[string]any, id string) map[string]any {
	out := map[string]any{
		"type": 1, "default_member_permissions": nil, "nsfw": false,
		"description": "", "options": []any{},
	}
	for k, v := range cmd {
		if v != nil {
			out[k] = v
		}
	}
	out["id"] = id
	out["application_id"] = s.opts.AppID
	out["version"] = s.newID()
	if guildID != "" {
		out["guild_id"] = guildID
	} else {
		delete(out, "guild_id")
		if _, ok := out["dm_permission"]; !ok {
			out["dm_permission"] = true
		}
	}
	if n, ok := num(out["default_member_permissions"]); ok {
		out["default_member_permissions"] = strconv.FormatInt(n, 10)
	}
	return out
}

func (s *Server) handleListCommands(c *call) {
	if !s.appOK(c) {
		return
	}
	s.mu.Lock()
	cmds := append([]map[string]any{}, s.commands[c.params["guild"]]...)
	b, _ := json.Marshal(cmds)
	s.mu.Unlock()
	c.reply(http.StatusOK, json.RawMessage(b))
}

func (s *Server) handleOverwriteCommands(c *call) {
	if !s.appOK(c) {
		return
	}
	var v validator
	var cmds []map[string]any
	raw, err := decodeAny(c.rec.JSON)
	arr, isArr := raw.([]any)
	if err != nil || !isArr {
		v.add(nil, "BASE_TYPE_ARRAY", "Must be an array.")
		c.invalid(v.errs)
		return
	}
	for i, x := range arr {
		m, ok := x.(map[string]any)
		if !ok {
			v.add([]string{strconv.Itoa(i)}, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
			continue
		}
		cmds = append(cmds, m)
	}
	v.commands(cmds)
	if len(v.errs) > 0 {
		c.invalid(v.errs)
		return
	}
	guildID := c.params["guild"]
	s.mu.Lock()
	existing := map[string]string{}
	for _, old := range s.commands[guildID] {
		existing[strconv.FormatInt(cmdType(old), 10)+"/"+str(old, "name")] = str(old, "id")
	}
	stored := make([]map[string]any, 0, len(cmds))
	for _, cmd := range cmds {
		id := existing[strconv.FormatInt(cmdType(cmd), 10)+"/"+str(cmd, "name")]
		if id == "" {
			id = s.newID()
		}
		stored = append(stored, s.storeCommandLocked(guildID, cmd, id))
	}
	s.commands[guildID] = stored
	s.signalLocked()
	b, _ := json.Marshal(stored)
	s.mu.Unlock()
	c.reply(http.StatusOK, json.RawMessage(b))
}

func (s *Server) handleCreateCommand(c *call) {
	if !s.appOK(c) {
		return
	}
	cmd, ok := c.object()
	if !ok {
		return
	}
	guildID := c.params["guild"]
	s.mu.Lock()
	others := make([]map[string]any, 0, len(s.commands[guildID])+1)
	at := -1
	for i, old := range s.commands[guildID] {
		if cmdType(old) == cmdType(cmd) && str(old, "name") == str(cmd, "name") {
			at = i
			continue
		}
		others = append(others, old)
	}
	var v validator
	v.commands(append(others, cmd))
	if len(v.errs) > 0 {
		s.mu.Unlock()
		// Report errors against the single command, not the list.
		var single validator
		single.command(nil, cmd)
		if len(single.errs) == 0 {
			single.errs = v.errs
		}
		c.invalid(single.errs)
		return
	}
	status := http.StatusCreated
	var stored map[string]any
	if at >= 0 {
		status = http.StatusOK
		stored = s.storeCommandLocked(guildID, cmd, str(s.commands[guildID][at], "id"))
		s.commands[guildID][at] = stored
	} else {
		stored = s.storeCommandLocked(guildID, cmd, s.newID())
		s.commands[guildID] = append(s.commands[guildID], stored)
	}
	s.signalLocked()
	b, _ := json.Marshal(stored)
	s.mu.Unlock()
	c.reply(status, json.RawMessage(b))
}

// commandIndexLocked finds the path's command or answers 404.
func (s *Server) commandIndexLocked(c *call) int {
	for i, cmd := range s.commands[c.params["guild"]] {
		if str(cmd, "id") == c.params["command"] {
			return i
		}
	}
	return -1
}

func (s *Server) handleGetCommand(c *call) {
	if !s.appOK(c) {
		return
	}
	s.mu.Lock()
	i := s.commandIndexLocked(c)
	var b []byte
	if i >= 0 {
		b, _ = json.Marshal(s.commands[c.params["guild"]][i])
	}
	s.mu.Unlock()
	if i < 0 {
		c.fail(http.StatusNotFound, 10063, "Unknown application command")
		return
	}
	c.reply(http.StatusOK, json.RawMessage(b))
}

func (s *Server) handleEditCommand(c *call) {
	if !s.appOK(c) {
		return
	}
	p, ok := c.object()
	if !ok {
		return
	}
	guildID := c.params["guild"]
	s.mu.Lock()
	i := s.commandIndexLocked(c)
	if i < 0 {
		s.mu.Unlock()
		c.fail(http.StatusNotFound, 10063, "Unknown application command")
		return
	}
	merged := map[string]any{}
	for k, v := range s.commands[guildID][i] {
		merged[k] = v
	}
	for k, v := range p {
		merged[k] = v
	}
	var v validator
	v.command(nil, merged)
	if len(v.errs) > 0 {
		s.mu.Unlock()
		c.invalid(v.errs)
		return
	}
	stored := s.storeCommandLocked(guildID, merged, str(merged, "id"))
	s.commands[guildID][i] = stored
	s.signalLocked()
	b, _ := json.Marshal(stored)
	s.mu.Unlock()
	c.reply(http.StatusOK, json.RawMessage(b))
}

func (s *Server) handleDeleteCommand(c *call) {
	if !s.appOK(c) {
		return
	}
	guildID := c.params["guild"]
	s.mu.Lock()
	i := s.commandIndexLocked(c)
	if i >= 0 {
		cmds := s.commands[guildID]
		s.commands[guildID] = append(cmds[:i:i], cmds[i+1:]...)
		s.signalLocked()
	}
	s.mu.Unlock()
	if i < 0 {
		c.fail(http.StatusNotFound, 10063, "Unknown application command")
		return
	}
	c.reply(http.StatusNoContent, nil)
}

// commandIDLocked finds a registered command's id by name and type, in
// the guild first, then globally; it also returns the scope it was found in.
func (s *Server) commandIDLocked(guildID, name string, typ int64) (id, scope string) {
	scopes := []string{""}
	if guildID != "" {
		scopes = []string{guildID, ""}
	}
	for _, g := range scopes {
		for _, cmd := range s.commands[g] {
			if str(cmd, "name") == name && cmdType(cmd) == typ {
				return str(cmd, "id"), g
			}
		}
	}
	return "", ""
}
