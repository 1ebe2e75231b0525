package keys

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestLocalRoundTripAndRefusals(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "keys", "master.key")
	l, err := OpenLocal(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", fi.Mode(), err)
	}
	encCtx := map[string]string{"workspace": "ws1", "credential": "c1"}
	dk, err := l.GenerateDataKey(ctx, encCtx)
	if err != nil {
		t.Fatal(err)
	}
	// Reopening the same file decrypts what the first instance sealed.
	l2, err := OpenLocal(path)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := l2.Decrypt(ctx, dk.Ciphertext, encCtx)
	if err != nil || !bytes.Equal(plain, dk.Plaintext) {
		t.Fatalf("round trip: %v", err)
	}
	tampered := bytes.Clone(dk.Ciphertext)
	tampered[len(tampered)-1] ^= 1
	other, _ := OpenLocal(filepath.Join(t.TempDir(), "other.key"))
	for name, try := range map[string]func() error{
		"wrong context": func() error {
			_, err := l.Decrypt(ctx, dk.Ciphertext, map[string]string{"workspace": "ws2", "credential": "c1"})
			return err
		},
		"tampered":  func() error { _, err := l.Decrypt(ctx, tampered, encCtx); return err },
		"other key": func() error { _, err := other.Decrypt(ctx, dk.Ciphertext, encCtx); return err },
		"short":     func() error { _, err := l.Decrypt(ctx, []byte{1, 2}, encCtx); return err },
		"context merged": func() error {
			_, err := l.Decrypt(ctx, dk.Ciphertext, map[string]string{"workspace": "ws1;credential=c1"})
			return err
		},
	} {
		if err := try(); !errors.Is(err, ErrDecrypt) {
			t.Errorf("%s: err = %v, want ErrDecrypt", name, err)
		}
	}
}
