package scanner

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// detailEach makes one detail call per item (tags, attributes,
// subscriptions, ...), at most s.parallel at a time, and returns the
// answers in the order of the items. A failed call leaves its item's answer
// unreadable (read) and the others go on; only an error that fails the
// service (fatalDetail) stops the rest and is returned.
func detailEach[T, D any](ctx context.Context, s *session, items []T, fetch func(ctx context.Context, item T) (D, error)) ([]maybe[D], error) {
	out := make([]maybe[D], len(items))
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	err := forEach(ctx, s, idx, func(ctx context.Context, i int) error {
		d, err := read(ctx, s, func(ctx context.Context) (D, error) { return fetch(ctx, items[i]) })
		out[i] = d // each goroutine writes its own index
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachToken walks a list call that pages with a token but has no SDK
// paginator (WAFv2, EventBridge, CloudTrail ListTags, CloudFront's
// ListDistributionsByWebACLId): call fetches the page of token (nil for
// the first) and returns the next token, nil or empty on the last page. A
// token answered twice stops the walk instead of looping forever.
func eachToken(ctx context.Context, what string, call func(ctx context.Context, token *string) (*string, error)) error {
	var token *string
	seen := map[string]bool{}
	for {
		next, err := call(ctx, token)
		if err != nil {
			return failAt(err, what, 2)
		}
		if aws.ToString(next) == "" {
			return nil
		}
		if seen[*next] {
			return failAt(fmt.Errorf("page token %q answered twice", *next), what, 2)
		}
		seen[*next] = true
		token = next
	}
}
