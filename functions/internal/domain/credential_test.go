package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

func TestSecretNeverPrints(t *testing.T) {
	s := Secret(testSecret)
	var logs strings.Builder
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	log.Info("x", "secret", s, "any", any(s), "struct", struct{ S Secret }{s})
	slog.New(slog.NewTextHandler(&logs, nil)).Info("y", "secret", s)
	js, err := json.Marshal(map[string]any{"s": s, "p": &s})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{
		fmt.Sprint(s), fmt.Sprintf("%v %s %q %+v %#v", s, s, s, s, s),
		fmt.Sprintf("%v", struct{ S Secret }{s}), fmt.Sprintf("%+v", &struct{ S Secret }{s}),
		string(js), logs.String(),
	} {
		if strings.Contains(out, testSecret) || strings.Contains(out, "EXAMPLEKEY") {
			t.Errorf("secret shown: %s", out)
		}
	}
	if s.Reveal() != testSecret {
		t.Fatal("Reveal lost the secret")
	}
}

func TestMaskKeyID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"AKIAIOSFODNN7EXAMPLE", "AKIA****MPLE"},
		{"", ""},
		{"short", "****"},
	} {
		if got := MaskKeyID(tc.in); got != tc.want {
			t.Errorf("MaskKeyID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPublicHidesSecretAndKeyID(t *testing.T) {
	c := &Credential{ID: "c1", Name: "prod", Type: CredentialAccessKey, AccountID: "123456789012",
		AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: &SealedSecret{KeyID: "k", DataKey: []byte("dk"), Ciphertext: []byte("ct")}}
	b, err := json.Marshal(c.Public())
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	if strings.Contains(out, "AKIAIOSFODNN7EXAMPLE") || strings.Contains(out, "ciphertext") || strings.Contains(out, "dataKey") {
		t.Fatalf("public view leaks: %s", out)
	}
	if !strings.Contains(out, `"accessKeyId":"AKIA****MPLE"`) || !strings.Contains(out, `"credentialType":"access_key"`) {
		t.Fatalf("public view lacks fields: %s", out)
	}
	if c.Secret == nil {
		t.Fatal("Public changed the credential")
	}
}

func TestParseRoleARN(t *testing.T) {
	for _, tc := range []struct {
		arn, account string
		ok           bool
	}{
		{"arn:aws:iam::123456789012:role/CloudCensusScanner", "123456789012", true},
		{"arn:aws:iam::123456789012:role/team/a/Reader", "123456789012", true},
		{"arn:aws-cn:iam::123456789012:role/R", "123456789012", true},
		{"arn:aws:iam::12345678901:role/R", "", false},
		{"arn:aws:iam::123456789012:user/R", "", false},
		{"arn:aws:sts::123456789012:role/R", "", false},
		{"arn:aws:iam:us-east-1:123456789012:role/R", "", false},
		{"arn:aws:iam::123456789012:role/", "", false},
		{"arn:aws:iam::123456789012:role/bad name", "", false},
		{"role/R", "", false},
		{"", "", false},
	} {
		got, err := ParseRoleARN("roleArn", tc.arn)
		if (err == nil) != tc.ok || got != tc.account {
			t.Errorf("ParseRoleARN(%q) = %q, %v; want %q ok=%v", tc.arn, got, err, tc.account, tc.ok)
		}
		if err != nil && !Is(err, KindInvalid) {
			t.Errorf("%q: error kind %v", tc.arn, KindOf(err))
		}
	}
}

func TestCredentialCheck(t *testing.T) {
	role := func(f func(c *Credential)) *Credential {
		c := &Credential{Name: "prod", Type: CredentialAssumeRole, AccountID: "123456789012",
			RoleARN: "arn:aws:iam::123456789012:role/CloudCensusScanner", ExternalID: NewExternalID()}
		f(c)
		return c
	}
	key := func(f func(c *Credential)) *Credential {
		c := &Credential{Name: "dev", Type: CredentialAccessKey, AccountID: "123456789012", AccessKeyID: "AKIAIOSFODNN7EXAMPLE"}
		f(c)
		return c
	}
	none := func(*Credential) {}
	for _, tc := range []struct {
		name      string
		c         *Credential
		hasSecret bool
		field     string // "" when valid
	}{
		{"role ok", role(none), false, ""},
		{"key ok", key(none), true, ""},
		{"no name", role(func(c *Credential) { c.Name = "  " }), false, "name"},
		{"long name", role(func(c *Credential) { c.Name = strings.Repeat("n", 101) }), false, "name"},
		{"bad account", role(func(c *Credential) { c.AccountID = "12345" }), false, "accountId"},
		{"role in other account", role(func(c *Credential) { c.AccountID = "210987654321" }), false, "roleArn"},
		{"bad role arn", role(func(c *Credential) { c.RoleARN = "arn:aws:iam::123456789012:user/x" }), false, "roleArn"},
		{"short external id", role(func(c *Credential) { c.ExternalID = "x" }), false, "externalId"},
		{"external id with space", role(func(c *Credential) { c.ExternalID = "a b" }), false, "externalId"},
		{"role with key", role(func(c *Credential) { c.AccessKeyID = "AKIAIOSFODNN7EXAMPLE" }), false, "accessKeyId"},
		{"role with secret", role(none), true, "accessKeyId"},
		{"key without secret", key(none), false, "secretAccessKey"},
		{"bad key id", key(func(c *Credential) { c.AccessKeyID = "AKIA123" }), true, "accessKeyId"},
		{"lower-case key id", key(func(c *Credential) { c.AccessKeyID = "akiaiosfodnn7example" }), true, "accessKeyId"},
		{"temporary key id", key(func(c *Credential) { c.AccessKeyID = "ASIAIOSFODNN7EXAMPLE" }), true, ""},
		{"key with role", key(func(c *Credential) { c.RoleARN = "arn:aws:iam::123456789012:role/R" }), true, "roleArn"},
		{"unknown type", key(func(c *Credential) { c.Type = "password" }), true, "credentialType"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Check(tc.hasSecret)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var de *Error
			if !errors.As(err, &de) || de.Field != tc.field {
				t.Fatalf("got %v, want invalid %s", err, tc.field)
			}
		})
	}
}

func TestValidateSecretKeyNeverEchoes(t *testing.T) {
	for _, s := range []Secret{"", "short", Secret(testSecret + "x"), Secret(testSecret)} {
		err := ValidateSecretKey("secretAccessKey", s)
		if s == testSecret {
			if err != nil {
				t.Fatalf("valid secret refused: %v", err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%d-char secret accepted", len(s))
		}
		if s != "" && strings.Contains(err.Error(), s.Reveal()) {
			t.Fatalf("error echoes the secret: %v", err)
		}
	}
}

func TestNewExternalIDIsValidAndFresh(t *testing.T) {
	a, b := NewExternalID(), NewExternalID()
	if a == b || ValidateExternalID("x", a) != nil || len(a) < 32 {
		t.Fatalf("external ids %q %q", a, b)
	}
}
