package secrets

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
)

const secret = domain.Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

func newBox(t *testing.T) *Box {
	t.Helper()
	k, err := keys.OpenLocal(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	return New(k)
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	b := newBox(t)
	s, err := b.Seal(ctx, "ws1", "cred1", secret)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(s.Ciphertext, []byte(secret.Reveal())) || bytes.Contains(s.DataKey, []byte(secret.Reveal())) {
		t.Fatal("sealed secret holds the plaintext")
	}
	if s.KeyID == "" || len(s.DataKey) == 0 {
		t.Fatalf("sealed secret lacks its data key: %+v", s)
	}
	got, err := b.Open(ctx, "ws1", "cred1", s)
	if err != nil {
		t.Fatal(err)
	}
	if got != secret {
		t.Fatal("round trip changed the secret")
	}
	// Sealing twice gives different ciphertexts (fresh data key and nonce).
	s2, err := b.Seal(ctx, "ws1", "cred1", secret)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(s.Ciphertext, s2.Ciphertext) || bytes.Equal(s.DataKey, s2.DataKey) {
		t.Fatal("two seals are identical")
	}
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	b := newBox(t)
	s, err := b.Seal(ctx, "ws1", "cred1", secret)
	if err != nil {
		t.Fatal(err)
	}
	other, err := b.Seal(ctx, "ws1", "cred2", domain.Secret("another-secret-of-forty-characters-00000"))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(p []byte, i int) []byte {
		c := bytes.Clone(p)
		c[i%len(c)] ^= 0x01
		return c
	}
	for _, tc := range []struct {
		name     string
		ws, cred string
		sealed   domain.SealedSecret
	}{
		{"other credential", "ws1", "cred2", s},
		{"other workspace", "ws2", "cred1", s},
		{"tampered ciphertext", "ws1", "cred1", domain.SealedSecret{KeyID: s.KeyID, DataKey: s.DataKey, Ciphertext: flip(s.Ciphertext, 20)}},
		{"tampered nonce", "ws1", "cred1", domain.SealedSecret{KeyID: s.KeyID, DataKey: s.DataKey, Ciphertext: flip(s.Ciphertext, 0)}},
		{"tampered data key", "ws1", "cred1", domain.SealedSecret{KeyID: s.KeyID, DataKey: flip(s.DataKey, 15), Ciphertext: s.Ciphertext}},
		{"truncated ciphertext", "ws1", "cred1", domain.SealedSecret{KeyID: s.KeyID, DataKey: s.DataKey, Ciphertext: s.Ciphertext[:10]}},
		{"data key of another secret", "ws1", "cred1", domain.SealedSecret{KeyID: s.KeyID, DataKey: other.DataKey, Ciphertext: s.Ciphertext}},
		{"empty", "ws1", "cred1", domain.SealedSecret{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := b.Open(ctx, tc.ws, tc.cred, tc.sealed)
			if !errors.Is(err, ErrOpen) {
				t.Fatalf("err = %v, want ErrOpen", err)
			}
			if got != "" {
				t.Fatal("a refused open returned plaintext")
			}
		})
	}
	// Another master key cannot open it either.
	if _, err := newBox(t).Open(ctx, "ws1", "cred1", s); !errors.Is(err, ErrOpen) {
		t.Fatalf("other master key: %v", err)
	}
}

// recordingKeys checks the encryption context the key service is given:
// KMS key policies condition kms:Decrypt on exactly these keys.
type recordingKeys struct {
	*keys.Local
	contexts []map[string]string
}

func (r *recordingKeys) GenerateDataKey(ctx context.Context, encCtx map[string]string) (keys.DataKey, error) {
	r.contexts = append(r.contexts, encCtx)
	return r.Local.GenerateDataKey(ctx, encCtx)
}

func (r *recordingKeys) Decrypt(ctx context.Context, c []byte, encCtx map[string]string) ([]byte, error) {
	r.contexts = append(r.contexts, encCtx)
	return r.Local.Decrypt(ctx, c, encCtx)
}

func TestEncryptionContextNamesWorkspaceAndCredential(t *testing.T) {
	ctx := context.Background()
	k, err := keys.OpenLocal(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingKeys{Local: k}
	b := New(rec)
	s, err := b.Seal(ctx, "ws9", "cred9", secret)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Open(ctx, "ws9", "cred9", s); err != nil {
		t.Fatal(err)
	}
	if len(rec.contexts) != 2 {
		t.Fatalf("%d key service calls, want 2", len(rec.contexts))
	}
	for _, c := range rec.contexts {
		if len(c) != 2 || c["workspace"] != "ws9" || c["credential"] != "cred9" {
			t.Fatalf("encryption context %v", c)
		}
	}
}
