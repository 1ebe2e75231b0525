package awssim

import (
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// Lambda lists functions 50 at a time, by Marker / NextMarker.
func init() {
	handle("Lambda", "ListFunctions", func(r *Request, in *lambda.ListFunctionsInput) (*lambda.ListFunctionsOutput, error) {
		items, next, err := page(r, r.Region.Functions, in.Marker, limitOf(in.MaxItems, 50))
		return &lambda.ListFunctionsOutput{Functions: items, NextMarker: next}, err
	})
}
