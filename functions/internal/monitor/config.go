package monitor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Threshold is "Count entries within Minutes minutes". A count of 0
// turns that check off.
type Threshold struct {
	Count   int `json:"count"`
	Minutes int `json:"minutes"`
}

func (t Threshold) window() time.Duration { return time.Duration(t.Minutes) * time.Minute }

// Bounds of a threshold.
const (
	maxCount   = 10000
	maxMinutes = 24 * 60
)

// validate checks a threshold; field is its path ("config.perUser").
func (t Threshold) validate(field string, mayBeOff bool) error {
	switch {
	case t.Count == 0 && mayBeOff:
		return nil
	case t.Count < 2 || t.Count > maxCount:
		if mayBeOff {
			return domain.Invalidf(field+".count", "must be 0 (off) or from 2 to %d", maxCount)
		}
		return domain.Invalidf(field+".count", "must be from 2 to %d", maxCount)
	case t.Minutes < 1 || t.Minutes > maxMinutes:
		return domain.Invalidf(field+".minutes", "must be from 1 to %d", maxMinutes)
	}
	return nil
}

// lookback of a windowed count: the edge at an entry needs the window
// before it, and the window before the previous entry.
func (t Threshold) lookback() time.Duration {
	if t.Count == 0 {
		return 0
	}
	return 2 * t.window()
}

// actionPattern is an audit action, or a pattern of them with * for any
// run of characters ("*.delete", "credentials.*").
var actionPattern = regexp.MustCompile(`^[a-z*][a-z0-9_.*-]{0,99}$`)

const maxPatterns = 50

func validatePatterns(field string, ps []string) error {
	if len(ps) > maxPatterns {
		return domain.Invalidf(field, "at most %d actions", maxPatterns)
	}
	for i, p := range ps {
		f := field + "[" + strconv.Itoa(i) + "]"
		if !actionPattern.MatchString(p) {
			return domain.Invalid(f, `must be an audit action such as "tasks.delete", with * for any characters ("*.export")`)
		}
		if _, err := path.Match(p, ""); err != nil {
			return domain.Invalid(f, "is not a valid pattern")
		}
	}
	return nil
}

// matchAny reports whether an action matches one of the patterns.
func matchAny(ps []string, action string) bool {
	for _, p := range ps {
		if ok, _ := path.Match(p, action); ok {
			return true
		}
	}
	return false
}

// ParseConfig reads a rule's configuration from JSON over its defaults
// (a field left out keeps its default) and validates it. Errors are 400s
// naming the field ("config.perUser.count"); an unknown rule names
// "rule".
func ParseConfig(rule string, raw []byte) (Config, error) {
	r, ok := LookupRule(rule)
	if !ok {
		return nil, domain.Invalid("rule", "must be one of "+strings.Join(ruleIDs(), ", "))
	}
	cfg := r.Default()
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && !bytes.Equal(trimmed, []byte("null")) {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(cfg); err != nil {
			return nil, configDecodeError(err)
		}
		if dec.Decode(&struct{}{}) != io.EOF {
			return nil, domain.Invalid("config", "unexpected data after the JSON object")
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func configDecodeError(err error) error {
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typ):
		if typ.Field == "" {
			return domain.Invalid("config", "must be an object")
		}
		return domain.Invalid("config."+typ.Field, "must be "+jsonKind(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return domain.Invalid("config."+name, "unknown field")
	}
	return domain.Invalid("config", "malformed JSON")
}

// Setting is a rule's setting in a workspace.
type Setting struct {
	Enabled bool
	Config  Config
	// Version is the stored setting's version (0: the defaults, never
	// stored); UpdatedBy and UpdatedAt say who changed it last.
	Version   int
	UpdatedBy string
	UpdatedAt time.Time
}

// Settings are a workspace's rule settings by rule id.
type Settings map[string]Setting

// DefaultSettings are every rule on with its defaults.
func DefaultSettings() Settings {
	s := Settings{}
	for _, r := range catalog {
		s[r.ID] = Setting{Enabled: true, Config: r.Default()}
	}
	return s
}

// LoadSettings applies the stored settings over the defaults. A stored
// configuration that no longer parses (a rule changed its fields) keeps
// the defaults and is reported, so that monitoring goes on.
func LoadSettings(stored []domain.AlertRuleSetting) (Settings, error) {
	s := DefaultSettings()
	var errs []error
	for _, rs := range stored {
		if _, ok := s[rs.Rule]; !ok {
			continue // a rule that no longer exists
		}
		st := s[rs.Rule]
		st.Enabled, st.Version, st.UpdatedBy, st.UpdatedAt = rs.Enabled, rs.Version, rs.UpdatedBy, rs.UpdatedAt
		cfg, err := ParseConfig(rs.Rule, rs.Config)
		if err != nil {
			errs = append(errs, fmt.Errorf("stored configuration of rule %s: %w", rs.Rule, err))
		} else {
			st.Config = cfg
		}
		s[rs.Rule] = st
	}
	return s, errors.Join(errs...)
}

// Lookback is how far before the first new entry of a tick the enabled
// rules may need the log.
func (s Settings) Lookback() time.Duration {
	var d time.Duration
	for _, st := range s {
		if st.Enabled {
			d = max(d, st.Config.lookback())
		}
	}
	return d
}

// LookbackFor is how far back the enabled rules need the log to decide
// about these new entries: only the rules that count one of them in a
// window look back, so a tick of sign-ins and task creations reads no
// look-back at all.
func (s Settings) LookbackFor(fresh []domain.AuditEntry) time.Duration {
	var d time.Duration
	for _, st := range s {
		if !st.Enabled || st.Config.lookback() <= d {
			continue
		}
		for i := range fresh {
			if st.Config.counts(&fresh[i]) {
				d = st.Config.lookback()
				break
			}
		}
	}
	return d
}

// enabled answers a rule's config when the rule is on.
func enabled[T Config](s Settings, rule string) (T, bool) {
	var zero T
	st, ok := s[rule]
	if !ok || !st.Enabled {
		return zero, false
	}
	c, ok := st.Config.(T)
	return c, ok
}

func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a whole number"
}

func itoa(n int) string { return strconv.Itoa(n) }
