package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Index names.
const (
	GSI1 = "GSI1"
	GSI2 = "GSI2"
)

// Store is the single-table repository.
type Store struct {
	db             *dynamo.DB
	table          dynamo.Table
	name           string
	now            func() time.Time
	auditRetention time.Duration
}

// New opens the table name with the given AWS configuration.
func New(cfg aws.Config, table string, optFns ...func(*dynamodb.Options)) *Store {
	db := dynamo.New(cfg, optFns...)
	return &Store{db: db, table: db.Table(table), name: table, now: func() time.Time { return time.Now().UTC() }}
}

// Meta are the attributes every item has.
type Meta struct {
	PK        string `dynamo:"PK,hash" json:"-"`
	SK        string `dynamo:"SK,range" json:"-"`
	GSI1PK    string `dynamo:"GSI1PK,omitempty" json:"-"`
	GSI1SK    string `dynamo:"GSI1SK,omitempty" json:"-"`
	GSI2PK    string `dynamo:"GSI2PK,omitempty" json:"-"`
	GSI2SK    string `dynamo:"GSI2SK,omitempty" json:"-"`
	Type      string `dynamo:"type" json:"-"`
	ExpiresAt int64  `dynamo:"expiresAt,omitempty" json:"-"`
}

// item is what the generic writes need of any stored row: its keys and
// its stamp (times and version).
type item interface {
	keys() *Meta
	Stamped() *domain.Stamp
}

func (m *Meta) keys() *Meta { return m }

// EnsureTable creates the table, its indexes and its TTL setting when they
// are missing, and waits until the table is active.
func (s *Store) EnsureTable(ctx context.Context) error {
	client := s.db.Client()
	_, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &s.name})
	var nf *types.ResourceNotFoundException
	if err == nil {
		return nil
	}
	if !errors.As(err, &nf) {
		return fmt.Errorf("describe table %s: %w", s.name, err)
	}
	str := types.ScalarAttributeTypeS
	attr := func(n string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: str}
	}
	key := func(h, r string) []types.KeySchemaElement {
		return []types.KeySchemaElement{{AttributeName: aws.String(h), KeyType: types.KeyTypeHash}, {AttributeName: aws.String(r), KeyType: types.KeyTypeRange}}
	}
	gsi := func(name string) types.GlobalSecondaryIndex {
		return types.GlobalSecondaryIndex{IndexName: aws.String(name), KeySchema: key(name+"PK", name+"SK"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}
	}
	_, err = client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:              &s.name,
		BillingMode:            types.BillingModePayPerRequest,
		AttributeDefinitions:   []types.AttributeDefinition{attr("PK"), attr("SK"), attr("GSI1PK"), attr("GSI1SK"), attr("GSI2PK"), attr("GSI2SK")},
		KeySchema:              key("PK", "SK"),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{gsi(GSI1), gsi(GSI2)},
	})
	if err != nil && !isAPIError(err, "ResourceInUseException") {
		return fmt.Errorf("create table %s: %w", s.name, err)
	}
	if err := s.table.Wait(ctx); err != nil {
		return fmt.Errorf("wait for table %s: %w", s.name, err)
	}
	if err := s.table.UpdateTTL("expiresAt", true).Run(ctx); err != nil && !isAPIError(err, "ValidationException") {
		return fmt.Errorf("enable TTL on %s: %w", s.name, err)
	}
	return nil
}

// Ping checks the table answers, for the health route.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.db.Client().DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &s.name})
	if err != nil {
		return fmt.Errorf("describe table %s: %w", s.name, err)
	}
	return nil
}

func isAPIError(err error, code string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

// notFound maps dynamo's not-found to the domain's.
func notFound(err error, what string) error {
	if errors.Is(err, dynamo.ErrNotFound) {
		return domain.NotFound(what)
	}
	return err
}
