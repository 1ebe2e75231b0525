package channels

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Mailer hands a rendered message to whatever delivers mail. from and to
// are the envelope (bare addresses); raw is the whole RFC 5322 message.
// An error wrapping ErrPermanent is not retried.
type Mailer interface {
	Send(ctx context.Context, from string, to []string, raw []byte) error
}

// EMLDir is the Mailer of local mode: it writes each message as one .eml
// file in Dir, which any mail client opens.
type EMLDir struct{ Dir string }

var _ Mailer = EMLDir{}

// Send writes raw to a new file, named so files sort by time, complete or
// absent: it is written under a temporary name and renamed.
func (d EMLDir) Send(ctx context.Context, _ string, _ []string, raw []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return fmt.Errorf("create mail folder: %w", err)
	}
	name := time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + randomHex(4) + ".eml"
	tmp, err := os.CreateTemp(d.Dir, ".writing-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.Dir, name)); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
