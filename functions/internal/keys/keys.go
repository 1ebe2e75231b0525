// Package keys wraps the key service that protects stored secrets: AWS KMS
// in AWS, and locally an AES-256-GCM key held in a file, behind the same
// two calls (make a data key, decrypt a data key) with an encryption
// context bound into every ciphertext. Envelope encryption itself lives in
// the secrets package; this one only guards data keys.
//
// It must not import the store or the HTTP layer.
package keys

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// ErrDecrypt is returned when a data key cannot be decrypted: tampered
// ciphertext, another key, or another encryption context.
var ErrDecrypt = errors.New("data key cannot be decrypted with this key and context")

// DataKey is a fresh data key: use Plaintext, store Ciphertext and KeyID.
type DataKey struct {
	Plaintext  []byte
	Ciphertext []byte
	KeyID      string
}

// Local is the local key service: a 256-bit master key in a file that only
// its owner can read.
type Local struct {
	id   string
	aead cipher.AEAD
}

// OpenLocal loads the master key at path, creating it on first use.
func OpenLocal(path string) (*Local, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("generate local master key: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create key folder: %w", err)
		}
		if err := os.WriteFile(path, key, 0o600); err != nil {
			return nil, fmt.Errorf("write local master key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read local master key: %w", err)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("local master key %s: %d bytes, want 32", path, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Local{id: "local:" + filepath.Base(path), aead: aead}, nil
}

// GenerateDataKey makes a 256-bit data key sealed under the master key.
func (l *Local) GenerateDataKey(_ context.Context, encCtx map[string]string) (DataKey, error) {
	plain := make([]byte, 32)
	if _, err := rand.Read(plain); err != nil {
		return DataKey{}, fmt.Errorf("generate data key: %w", err)
	}
	nonce := make([]byte, l.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return DataKey{}, fmt.Errorf("generate nonce: %w", err)
	}
	sealed := l.aead.Seal(nonce, nonce, plain, canonical(encCtx))
	return DataKey{Plaintext: plain, Ciphertext: sealed, KeyID: l.id}, nil
}

// Decrypt opens a data key sealed with the same context.
func (l *Local) Decrypt(_ context.Context, ciphertext []byte, encCtx map[string]string) ([]byte, error) {
	n := l.aead.NonceSize()
	if len(ciphertext) < n {
		return nil, ErrDecrypt
	}
	plain, err := l.aead.Open(nil, ciphertext[:n], ciphertext[n:], canonical(encCtx))
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// canonical serializes an encryption context the same way every time.
func canonical(encCtx map[string]string) []byte {
	keys := make([]string, 0, len(encCtx))
	for k := range encCtx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%d:%s=%d:%s;", len(k), k, len(encCtx[k]), encCtx[k])
	}
	return []byte(b.String())
}

// KMS is the AWS key service.
type KMS struct {
	client *kms.Client
	keyID  string
}

// NewKMS uses the KMS key keyID (an id, ARN or alias).
func NewKMS(cfg aws.Config, keyID string) *KMS {
	return &KMS{client: kms.NewFromConfig(cfg), keyID: keyID}
}

// GenerateDataKey asks KMS for an AES-256 data key bound to the context.
func (k *KMS) GenerateDataKey(ctx context.Context, encCtx map[string]string) (DataKey, error) {
	out, err := k.client.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: &k.keyID, KeySpec: types.DataKeySpecAes256, EncryptionContext: encCtx})
	if err != nil {
		return DataKey{}, fmt.Errorf("kms generate data key: %w", err)
	}
	return DataKey{Plaintext: out.Plaintext, Ciphertext: out.CiphertextBlob, KeyID: aws.ToString(out.KeyId)}, nil
}

// Decrypt asks KMS to open a data key; a wrong context is ErrDecrypt.
func (k *KMS) Decrypt(ctx context.Context, ciphertext []byte, encCtx map[string]string) ([]byte, error) {
	out, err := k.client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ciphertext, EncryptionContext: encCtx, KeyId: &k.keyID})
	if err != nil {
		var inv *types.InvalidCiphertextException
		if errors.As(err, &inv) {
			return nil, ErrDecrypt
		}
		return nil, fmt.Errorf("kms decrypt: %w", err)
	}
	return out.Plaintext, nil
}
