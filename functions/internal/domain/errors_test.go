package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindSurvivesWrapping(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want Kind
	}{
		{Invalid("regions", "at least one region"), KindInvalid},
		{fmt.Errorf("load task: %w", NotFound("task")), KindNotFound},
		{fmt.Errorf("a: %w", fmt.Errorf("b: %w", Conflict("stale"))), KindConflict},
		{errors.New("boom"), KindInternal},
	} {
		if got := KindOf(tc.err); got != tc.want {
			t.Errorf("KindOf(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestIDs(t *testing.T) {
	a, b := NewID(), NewID()
	if a == b || !ValidID(a) || ValidID("nope") || ValidID("") {
		t.Fatalf("ids: %q %q", a, b)
	}
}
