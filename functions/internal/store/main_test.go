package store

import (
	"context"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
)

var endpoint string

func TestMain(m *testing.M) { standin.TestMain(m, standin.DynamoDBForTests, &endpoint) }

// newStore gives each test a table of its own on the shared server.
func newStore(t *testing.T) *Store {
	t.Helper()
	s := New(standin.AWSConfig(endpoint), "t"+domain.NewID())
	if err := s.EnsureTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
