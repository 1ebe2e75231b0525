package store

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/localstack"
)

var endpoint string

func TestMain(m *testing.M) {
	ep, stop, err := localstack.DynamoDBForTests(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	endpoint = ep
	code := m.Run()
	stop()
	os.Exit(code)
}

// newStore gives each test a table of its own on the shared server.
func newStore(t *testing.T) *Store {
	t.Helper()
	s := New(localstack.AWSConfig(endpoint), "t"+domain.NewID())
	if err := s.EnsureTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
