package store

import (
	"context"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/localstack"
)

var endpoint string

func TestMain(m *testing.M) { localstack.TestMain(m, localstack.DynamoDBForTests, &endpoint) }

// newStore gives each test a table of its own on the shared server.
func newStore(t *testing.T) *Store {
	t.Helper()
	s := New(localstack.AWSConfig(endpoint), "t"+domain.NewID())
	if err := s.EnsureTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
