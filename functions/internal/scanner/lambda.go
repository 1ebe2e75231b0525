package scanner

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("lambda", scanLambda) }

// lambdaTime is how Lambda usually writes LastModified; the API reference
// documents any ISO 8601 form (YYYY-MM-DDThh:mm:ss.sTZD), so RFC 3339 is
// read too.
const lambdaTime = "2006-01-02T15:04:05.000-0700"

// scanLambda lists functions, 50 per page (Lambda's maximum). Tags would
// cost one ListTags call per function against a 15/s limit: they are left
// out, the spec's columns do not need them.
func scanLambda(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := lambda.NewListFunctionsPaginator(lambda.NewFromConfig(s.cfg), &lambda.ListFunctionsInput{MaxItems: aws.Int32(50)})
	err := eachPage(ctx, "list Lambda functions", p.HasMorePages, p.NextPage, func(out *lambda.ListFunctionsOutput) {
		for _, f := range out.Functions {
			name := aws.ToString(f.FunctionName)
			modified := aws.ToString(f.LastModified)
			if t, err := time.Parse(lambdaTime, modified); err == nil {
				modified = timestamp(&t)
			} else if t, err := time.Parse(time.RFC3339Nano, modified); err == nil {
				modified = timestamp(&t)
			}
			recs = append(recs, s.record(aws.ToString(f.FunctionArn), aws.ToString(f.FunctionArn), name, nil, columns{
				"Function Name": name, "Runtime": string(f.Runtime), "Memory (MB)": num(f.MemorySize),
				"Timeout (s)": num(f.Timeout), "Last Modified": modified,
			}))
		}
	})
	return recs, err
}
