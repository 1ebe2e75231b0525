// Package secrets seals and opens stored secrets (access keys) with
// envelope encryption: each secret gets a fresh AES-256 data key from the
// key service (KMS in AWS, the local key service locally), is sealed with
// AES-256-GCM under it, and only the data key's ciphertext is kept beside
// it. Both layers are bound to an encryption context naming the workspace
// and the credential, so a sealed secret copied to another credential or
// workspace does not open, and KMS key policies can condition kms:Decrypt
// on those context keys.
//
// Plaintext exists only in memory, as a domain.Secret (which never prints).
// It must not import the store or the HTTP layer.
package secrets

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
)

// ErrOpen is returned when a sealed secret cannot be opened: tampered
// ciphertext, another key, or another workspace or credential.
var ErrOpen = errors.New("sealed secret cannot be opened with this key and context")

// keyService makes and opens data keys: keys.Local and keys.KMS.
type keyService interface {
	GenerateDataKey(ctx context.Context, encCtx map[string]string) (keys.DataKey, error)
	Decrypt(ctx context.Context, ciphertext []byte, encCtx map[string]string) ([]byte, error)
}

// Box seals and opens secrets with a key service.
type Box struct {
	keys keyService
}

// New returns a box over a key service.
func New(k keyService) *Box { return &Box{keys: k} }

// Context is the encryption context of a secret: the workspace and the
// credential (or domain.BaseRoleSecretID) it belongs to.
func Context(workspaceID, credentialID string) map[string]string {
	return map[string]string{"workspace": workspaceID, "credential": credentialID}
}

// Seal encrypts a secret of a credential.
func (b *Box) Seal(ctx context.Context, workspaceID, credentialID string, secret domain.Secret) (domain.SealedSecret, error) {
	encCtx := Context(workspaceID, credentialID)
	dk, err := b.keys.GenerateDataKey(ctx, encCtx)
	if err != nil {
		return domain.SealedSecret{}, fmt.Errorf("seal secret of %s: %w", credentialID, err)
	}
	defer clear(dk.Plaintext)
	aead, err := newAEAD(dk.Plaintext)
	if err != nil {
		return domain.SealedSecret{}, fmt.Errorf("seal secret of %s: %w", credentialID, err)
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(secret)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return domain.SealedSecret{}, fmt.Errorf("seal secret of %s: nonce: %w", credentialID, err)
	}
	plain := []byte(secret.Reveal())
	defer clear(plain)
	return domain.SealedSecret{
		KeyID:      dk.KeyID,
		DataKey:    dk.Ciphertext,
		Ciphertext: aead.Seal(nonce, nonce, plain, additionalData(encCtx)),
	}, nil
}

// Open decrypts a secret sealed for the same workspace and credential.
func (b *Box) Open(ctx context.Context, workspaceID, credentialID string, s domain.SealedSecret) (domain.Secret, error) {
	encCtx := Context(workspaceID, credentialID)
	key, err := b.keys.Decrypt(ctx, s.DataKey, encCtx)
	if errors.Is(err, keys.ErrDecrypt) {
		return "", fmt.Errorf("open secret of %s: %w", credentialID, ErrOpen)
	}
	if err != nil {
		return "", fmt.Errorf("open secret of %s: %w", credentialID, err)
	}
	defer clear(key)
	aead, err := newAEAD(key)
	if err != nil {
		return "", fmt.Errorf("open secret of %s: %w", credentialID, err)
	}
	n := aead.NonceSize()
	if len(s.Ciphertext) < n+aead.Overhead() {
		return "", fmt.Errorf("open secret of %s: %w", credentialID, ErrOpen)
	}
	plain, err := aead.Open(nil, s.Ciphertext[:n], s.Ciphertext[n:], additionalData(encCtx))
	if err != nil {
		return "", fmt.Errorf("open secret of %s: %w", credentialID, ErrOpen)
	}
	defer clear(plain)
	return domain.Secret(plain), nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("data key is %d bytes, want 32", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// additionalData binds the sealed secret to its context, as the key
// service binds the data key: even a data key reused by mistake could not
// open a secret of another credential.
func additionalData(encCtx map[string]string) []byte {
	names := make([]string, 0, len(encCtx))
	for k := range encCtx {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("cloudcensus-secret-v1;")
	for _, k := range names {
		fmt.Fprintf(&b, "%d:%s=%d:%s;", len(k), k, len(encCtx[k]), encCtx[k])
	}
	return []byte(b.String())
}
