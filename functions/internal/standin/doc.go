// Package standin starts and stops the real servers that stand in for
// AWS on one machine: DynamoDB Local (the AWS jar, run with Java), versitygw
// for S3 (it checks SigV4, so presigned URLs are tested for real), and the
// Node tools (cognito-local, aws-local-stepfunctions). The local binary and
// the integration tests both use it. (It is not LocalStack: each
// stand-in is the real server of its own project.)
//
// Every server binds 127.0.0.1 where it has the option, takes a free port,
// and dies with the process that started it (process group + parent-death
// signal), so nothing is left behind even when the parent crashes. It must
// not import the store, the HTTP layer or any domain package.
package standin
