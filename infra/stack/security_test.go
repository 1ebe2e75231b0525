package stack

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

// holds runs a CDK assertion, which panics when it fails, as a test error.
func holds(t *testing.T, what string, assert func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: %v", what, r)
		}
	}()
	assert()
}

func TestEveryBucketIsPrivateEncryptedAndTLSOnly(t *testing.T) {
	s := fixture(t)
	holds(t, "every bucket blocks public access and is encrypted", func() {
		s.template.AllResourcesProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"PublicAccessBlockConfiguration": map[string]any{
				"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
			},
			"BucketEncryption": assertions.Match_ObjectLike(&map[string]any{
				"ServerSideEncryptionConfiguration": assertions.Match_AnyValue(),
			}),
		})
	})
	buckets := s.ofType("AWS::S3::Bucket")
	if len(buckets) != 4 {
		t.Errorf("%d buckets, want 4 (access logs, results, reports, console)", len(buckets))
	}
	policies := map[string][]any{}
	for _, p := range s.ofType("AWS::S3::BucketPolicy") {
		policies[refTo(p.props["Bucket"])] = asList(p.props["PolicyDocument"].(map[string]any)["Statement"])
	}
	for _, b := range buckets {
		var plain, oldTLS bool
		for _, st := range policies[b.id] {
			st := st.(map[string]any)
			if st["Effect"] != "Deny" || st["Action"] != "s3:*" {
				continue
			}
			cond := fmt.Sprint(st["Condition"])
			plain = plain || strings.Contains(cond, "aws:SecureTransport:false")
			oldTLS = oldTLS || strings.Contains(cond, "s3:TlsVersion:1.2")
		}
		if !plain || !oldTLS {
			t.Errorf("bucket %s: denies plain HTTP %v, denies TLS below 1.2 %v; want both", b.id, plain, oldTLS)
		}
		if _, logged := b.props["LoggingConfiguration"]; !logged && !strings.HasPrefix(b.id, "AccessLogs") {
			t.Errorf("bucket %s does not log access", b.id)
		}
	}
}

func TestResultsBucketAgesOut(t *testing.T) {
	s := fixture(t)
	holds(t, "results lifecycle", func() {
		s.template.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"LifecycleConfiguration": map[string]any{"Rules": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{"Prefix": "tasks/", "ExpirationInDays": 365, "Status": "Enabled"}),
			})},
		})
	})
}

func TestTableHasRecoveryTTLAndTheStoreIndexes(t *testing.T) {
	s := fixture(t)
	index := func(name string) map[string]any {
		return map[string]any{
			"IndexName":  name,
			"KeySchema":  []any{map[string]any{"AttributeName": name + "PK", "KeyType": "HASH"}, map[string]any{"AttributeName": name + "SK", "KeyType": "RANGE"}},
			"Projection": map[string]any{"ProjectionType": "ALL"},
		}
	}
	holds(t, "table", func() {
		s.template.ResourceCountIs(jsii.String("AWS::DynamoDB::Table"), jsii.Number(1))
		s.template.HasResourceProperties(jsii.String("AWS::DynamoDB::Table"), map[string]any{
			"BillingMode":                      "PAY_PER_REQUEST",
			"KeySchema":                        []any{map[string]any{"AttributeName": "PK", "KeyType": "HASH"}, map[string]any{"AttributeName": "SK", "KeyType": "RANGE"}},
			"PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true},
			"TimeToLiveSpecification":          map[string]any{"AttributeName": TTLAttribute, "Enabled": true},
			"DeletionProtectionEnabled":        true,
			"GlobalSecondaryIndexes":           []any{index("GSI1"), index("GSI2")},
		})
	})
}

// TestAuthorizerGuardsEveryRouteButThePublicOnes reads the methods back
// from the template: one per route of the table, each integrated with the
// route's function, and the token authorizer on every route not public.
func TestAuthorizerGuardsEveryRouteButThePublicOnes(t *testing.T) {
	checkMethods(t, fixture(t), readTestContract(t).Routes)
}

func checkMethods(t *testing.T, s synthesized, routes []Route) {
	t.Helper()
	authorizers := s.ofType("AWS::ApiGateway::Authorizer")
	hasProtected := slices.ContainsFunc(routes, func(r Route) bool { return !r.Public })
	var authorizer string
	if hasProtected {
		if len(authorizers) != 1 {
			t.Fatalf("%d authorizers, want 1", len(authorizers))
		}
		a := authorizers[0]
		authorizer = a.id
		if a.props["Type"] != "TOKEN" || a.props["IdentitySource"] != "method.request.header.Authorization" ||
			a.props["AuthorizerResultTtlInSeconds"] != float64(300) {
			t.Errorf("authorizer %v: want TOKEN, Authorization header, the contract's 300 s cache", a.props)
		}
		if !strings.Contains(fmt.Sprint(a.props["AuthorizerUri"]), "AuthorizerFnFunction") {
			t.Errorf("the authorizer does not run the authorizer function: %v", a.props["AuthorizerUri"])
		}
	}
	paths := map[string]string{} // resource logical id -> path
	var pathOf func(id string) string
	pathOf = func(id string) string {
		if p, ok := paths[id]; ok {
			return p
		}
		r := s.byID(t, id)
		parent := r.props["ParentId"]
		prefix := ""
		if _, ok := parent.(map[string]any)["Ref"]; ok {
			prefix = pathOf(refTo(parent))
		}
		paths[id] = prefix + "/" + r.props["PathPart"].(string)
		return paths[id]
	}
	methods := map[string]resource{}
	for _, m := range s.ofType("AWS::ApiGateway::Method") {
		key := m.props["HttpMethod"].(string) + " " + pathOf(refTo(m.props["ResourceId"]))
		methods[key] = m
	}
	if len(methods) != len(routes) {
		t.Errorf("%d methods for %d routes", len(methods), len(routes))
	}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		m, ok := methods[key]
		if !ok {
			t.Errorf("%s: no method", key)
			continue
		}
		uri := fmt.Sprint(m.props["Integration"].(map[string]any)["Uri"])
		if !strings.Contains(uri, pascal(r.Function)+"FnFunction") {
			t.Errorf("%s: integrated with %s, want the %s function", key, uri, r.Function)
		}
		switch {
		case r.Public && m.props["AuthorizationType"] != "NONE":
			t.Errorf("%s is public but its method requires %v", key, m.props["AuthorizationType"])
		case !r.Public && (m.props["AuthorizationType"] != "CUSTOM" || refTo(m.props["AuthorizerId"]) != authorizer):
			t.Errorf("%s: authorization %v by %v, want the token authorizer", key, m.props["AuthorizationType"], m.props["AuthorizerId"])
		}
	}
}

// TestMapLambdasRetry renders the deployed definition (the template's
// DefinitionString with its DefinitionSubstitutions) and checks that every
// Lambda a Map state runs retries Lambda's transient errors with backoff.
func TestMapLambdasRetry(t *testing.T) {
	s := fixture(t)
	machines := s.ofType("AWS::StepFunctions::StateMachine")
	if len(machines) != 1 {
		t.Fatalf("%d state machines, want 1", len(machines))
	}
	doc, invoked := renderDefinition(t, machines[0])
	transient := []string{"Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"}
	maps := 0
	walkStates(doc, func(name string, st aslState) {
		if st.Type != "Map" {
			return
		}
		maps++
		var inner aslStates
		switch {
		case st.ItemProcessor != nil:
			inner = st.ItemProcessor.aslStates
		case st.Iterator != nil:
			inner = *st.Iterator
		}
		tasks := 0
		walkStates(inner, func(taskName string, task aslState) {
			if task.Type != "Task" {
				return
			}
			tasks++
			if !invoked[task.Resource] {
				t.Errorf("%s/%s runs %q, which is no function of the stack", name, taskName, task.Resource)
			}
			var covered []string
			for _, r := range task.Retry {
				if r.MaxAttempts >= 3 && r.BackoffRate >= 2 && r.IntervalSeconds >= 1 {
					covered = append(covered, r.ErrorEquals...)
				}
			}
			for _, e := range transient {
				if !slices.Contains(covered, e) {
					t.Errorf("%s/%s does not retry %s (3+ attempts, backoff 2+)", name, taskName, e)
				}
			}
		})
		if tasks == 0 {
			t.Errorf("Map %s runs no task", name)
		}
	})
	if maps == 0 {
		t.Error("the definition has no Map state")
	}
}

// renderDefinition substitutes the machine's DefinitionSubstitutions into
// its definition the way CloudFormation does, a function's ARN written as
// arn:<its logical id>, and answers which of those the machine's role may
// invoke.
func renderDefinition(t *testing.T, m resource) (aslStates, map[string]bool) {
	t.Helper()
	text, ok := m.props["DefinitionString"].(string)
	if !ok {
		t.Fatalf("DefinitionString is %T, want the definition inline", m.props["DefinitionString"])
	}
	subs := m.props["DefinitionSubstitutions"].(map[string]any)
	var missing []string
	rendered := placeholder.ReplaceAllStringFunc(text, func(p string) string {
		v, ok := subs[p[2:len(p)-1]]
		if !ok {
			missing = append(missing, p)
			return p
		}
		if id := refTo(v); id != "" {
			return "arn:" + id
		}
		return fmt.Sprint(v)
	})
	if len(missing) > 0 {
		t.Fatalf("placeholders without a substitution: %v", missing)
	}
	var doc aslStates
	if err := json.Unmarshal([]byte(rendered), &doc); err != nil {
		t.Fatalf("rendered definition: %v", err)
	}
	invoked := map[string]bool{}
	for _, st := range fixture(t).policyStatements(refTo(m.props["RoleArn"])) {
		if slices.Contains(st.actions, "lambda:InvokeFunction") {
			for _, r := range st.resources {
				invoked["arn:"+refTo(r)] = true
			}
		}
	}
	return doc, invoked
}

// TestScanRoleAssumesOnlyScannerRoles: one role may call sts:AssumeRole,
// only into the scanner roles: the platform principal, which the
// functions acting in target accounts (scan units, credential validation)
// run as and the functions whose contract entry reads it know as
// PLATFORM_PRINCIPAL_ARN.
func TestScanRoleAssumesOnlyScannerRoles(t *testing.T) {
	s := fixture(t)
	want := "arn:<AWS::Partition>:iam::*:role/CloudCensusScanner*"
	assuming := map[string]bool{} // role logical ids
	for _, st := range s.policyStatements("") {
		if !slices.ContainsFunc(st.actions, func(a string) bool { return strings.HasPrefix(a, "sts:") }) {
			continue
		}
		if len(st.actions) != 1 || st.actions[0] != "sts:AssumeRole" || len(st.resources) != 1 || flatten(st.resources[0]) != want {
			t.Errorf("%s: %v on %v, want sts:AssumeRole on %s alone", st.policy, st.actions, st.resources, want)
		}
		for _, p := range s.ofType("AWS::IAM::Policy") {
			if p.id == st.policy {
				for _, r := range asList(p.props["Roles"]) {
					assuming[refTo(r)] = true
				}
			}
		}
	}
	principal := s.functionRole(t, "scan-unit")
	if len(assuming) != 1 || !assuming[principal] {
		t.Errorf("roles that may assume roles: %v, want only the scan unit's %s", assuming, principal)
	}
	for _, fn := range functions {
		if got := s.functionRole(t, fn.name); (got == principal) != (fn.name == "scan-unit" || fn.name == "credentials") {
			t.Errorf("%s runs as %s; only scan-unit and credentials run as the platform principal %s", fn.name, got, principal)
		}
	}
	for _, f := range readTestContract(t).Functions {
		v, ok := s.environment(t, f.Name)[envPrincipal]
		if ok != f.receives(envPrincipal) || ok && refTo(v) != principal {
			t.Errorf("%s: PLATFORM_PRINCIPAL_ARN %v, want the role %s where the contract names it, nothing elsewhere", f.Name, v, principal)
		}
	}
}

// TestSecretsKeyNeedsTheCredentialContext: only the platform principal
// (credentials seals, validates and opens; scan units open) uses the KMS
// key, and every use requires the secret's encryption context keys.
func TestSecretsKeyNeedsTheCredentialContext(t *testing.T) {
	s := fixture(t)
	uses := map[string][]string{} // role -> KMS actions
	for _, st := range s.policyStatements("") {
		if !slices.ContainsFunc(st.actions, func(a string) bool { return strings.HasPrefix(a, "kms:") }) {
			continue
		}
		for _, p := range s.ofType("AWS::IAM::Policy") {
			if p.id == st.policy {
				for _, r := range asList(p.props["Roles"]) {
					uses[refTo(r)] = append(uses[refTo(r)], st.actions...)
				}
			}
		}
		null, _ := st.condition["Null"].(map[string]any)
		all, _ := st.condition["ForAllValues:StringEquals"].(map[string]any)
		for _, k := range SecretContextKeys {
			if null["kms:EncryptionContext:"+k] != "false" {
				t.Errorf("%s: KMS use does not require context key %q: %v", st.policy, k, st.condition)
			}
		}
		if fmt.Sprint(all["kms:EncryptionContextKeys"]) != fmt.Sprint([]any{"workspace", "credential"}) {
			t.Errorf("%s: KMS use admits other context keys: %v", st.policy, st.condition)
		}
	}
	want := map[string][]string{s.functionRole(t, "scan-unit"): {"kms:Decrypt", "kms:GenerateDataKey"},
		s.functionRole(t, "notifications"): {"kms:Decrypt", "kms:GenerateDataKey"}, s.functionRole(t, "notifier"): {"kms:Decrypt"}}
	if fmt.Sprint(uses) != fmt.Sprint(want) {
		t.Errorf("KMS uses by role %v, want %v", uses, want)
	}
}

// TestWildcardResourcesOnlyWhereAWSHasNoNarrower: a statement on every
// resource ("*") holds only actions that accept no resource.
func TestWildcardResourcesOnlyWhereAWSHasNoNarrower(t *testing.T) {
	s := fixture(t)
	resourceless := []string{
		"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
		"logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
		"logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
		"cloudfront:CreateInvalidation", "cloudfront:GetInvalidation", // CDK's console deployment
	}
	for _, st := range s.policyStatements("") {
		if !slices.Contains(st.resources, any("*")) {
			continue
		}
		for _, a := range st.actions {
			if !slices.Contains(resourceless, a) {
				t.Errorf("%s: %s on every resource", st.policy, a)
			}
		}
	}
}

// TestEveryFunctionIsArm64TracedWithRetention, including the one Lambda
// CDK itself adds (the console deployment's handler, whose architecture
// and runtime are CDK's).
func TestEveryFunctionIsArm64TracedWithRetention(t *testing.T) {
	s := fixture(t)
	retention := map[string]any{}
	for _, g := range s.ofType("AWS::Logs::LogGroup") {
		retention[g.id] = g.props["RetentionInDays"]
	}
	product := 0
	for _, fn := range s.ofType("AWS::Lambda::Function") {
		logs, _ := fn.props["LoggingConfig"].(map[string]any)
		if days := retention[refTo(logs["LogGroup"])]; days != float64(90) {
			t.Errorf("%s: log group retention %v days, want 90", fn.id, days)
		}
		if fn.props["Runtime"] != "provided.al2023" {
			if !strings.HasPrefix(fn.id, "CustomCDKBucketDeployment") {
				t.Errorf("%s: runtime %v", fn.id, fn.props["Runtime"])
			}
			continue
		}
		product++
		if fmt.Sprint(fn.props["Architectures"]) != "[arm64]" {
			t.Errorf("%s: architectures %v, want arm64", fn.id, fn.props["Architectures"])
		}
		if fmt.Sprint(fn.props["TracingConfig"]) != "map[Mode:Active]" {
			t.Errorf("%s: tracing %v", fn.id, fn.props["TracingConfig"])
		}
	}
	if product != len(functions) {
		t.Errorf("%d product functions, want %d", product, len(functions))
	}
}

// TestFunctionEnvironment: each function gets exactly the variables its
// contract entry names, each with its value in this stack.
func TestFunctionEnvironment(t *testing.T) {
	checkEnvironments(t, fixture(t), readTestContract(t))
}

// envWant is what each variable the stack fills holds, as flatten writes
// it: a reference to the resource, or the setting.
var envWant = map[string]*regexp.Regexp{
	envTable:          regexp.MustCompile(`^<Table[0-9A-F]{8}>$`),
	envResultsBucket:  regexp.MustCompile(`^<Results[0-9A-F]{8}>$`),
	envReportsBucket:  regexp.MustCompile(`^<Reports[0-9A-F]{8}>$`),
	envKey:            regexp.MustCompile(`^<SecretsKey[0-9A-F]{8}\.Arn>$`),
	envUserPool:       regexp.MustCompile(`^<UserPool[0-9A-F]{8}>$`),
	envUserPoolClient: regexp.MustCompile(`^<UserPoolConsole[0-9A-F]{8}>$`),
	envStateMachine:   regexp.MustCompile(`^arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:CloudCensus-scan-task$`),
	envPrincipal:      regexp.MustCompile(`^<PlatformPrincipal[0-9A-F]{8}\.Arn>$`),
	envSPAOrigin:      regexp.MustCompile(`^https://<Console[0-9A-F]{8}\.DomainName>$`),
	envLogLevel:       regexp.MustCompile(`^info$`),
	envAuditRetention: regexp.MustCompile(`^365$`),
	envTasksPerUser:   regexp.MustCompile(`^5$`),
	envTasksPerWS:     regexp.MustCompile(`^20$`),
	envUnitsPerTask:   regexp.MustCompile(`^2000$`),
	envJobsFunction:   regexp.MustCompile(`^CloudCensus-jobs$`),
	envScanUnit:       regexp.MustCompile(`^CloudCensus-scan-unit$`),
	envAPIFunctions:   regexp.MustCompile(`^\{("[a-z]+":"CloudCensus-[a-z]+",?)+>$`), // flatten writes } as >
	envNotifyQueue:    regexp.MustCompile(`^<Notifications[0-9A-F]{8}>$`),
	envMailFrom:       regexp.MustCompile(`^cloudcensus@example\.com$`),
	envScheduleGroup:  regexp.MustCompile(`^CloudCensus$`),
	envSchedulerRole:  regexp.MustCompile(`^<SchedulerRole[0-9A-F]{8}\.Arn>$`),
	envScheduleTarget: regexp.MustCompile(`^arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:CloudCensus-schedule-run$`),
}

func checkEnvironments(t *testing.T, s synthesized, c *Contract) {
	t.Helper()
	for _, f := range c.Functions {
		vars := s.environment(t, f.Name)
		want := slices.Sorted(slices.Values(slices.Concat(f.Env, f.OptionalEnv)))
		if got := slices.Sorted(maps.Keys(vars)); !slices.Equal(got, want) {
			t.Errorf("%s: environment %v, want exactly the contract's %v", f.Name, got, want)
		}
		for name, v := range vars {
			if re, ok := envWant[name]; !ok || !re.MatchString(flatten(v)) {
				t.Errorf("%s: %s = %s, want %v", f.Name, name, flatten(v), re)
			}
		}
	}
}

// grantVariables: a statement with an action of the service, or on one of
// the resources (by logical id prefix), is a grant on a resource the
// function must be told about through the variable.
var (
	grantVariableOfService = map[string]string{
		"dynamodb": envTable, "kms": envKey, "cognito-idp": envUserPool, "states": envStateMachine,
		"sts":    envPrincipal,    // into the scanner roles, which trust the principal
		"lambda": envJobsFunction, // the function functions invoke, but scan-unit (scanUnitFunction)
		"sqs":    envNotifyQueue,  // the notification queue, the only queue a function uses
		"ses":    envMailFrom,
		// A schedule's Scheduler role is the only role a function passes.
		"scheduler": envScheduleGroup, "iam": envSchedulerRole,
	}
	grantVariableOfResource = map[*regexp.Regexp]string{
		regexp.MustCompile(`<Table[0-9A-F]{8}\.`):        envTable,
		regexp.MustCompile(`<Results[0-9A-F]{8}\.`):      envResultsBucket,
		regexp.MustCompile(`<Reports[0-9A-F]{8}\.`):      envReportsBucket,
		regexp.MustCompile(`<SecretsKey[0-9A-F]{8}\.`):   envKey,
		regexp.MustCompile(`<UserPool[0-9A-F]{8}\.`):     envUserPool,
		regexp.MustCompile(`:stateMachine:|:execution:`): envStateMachine,
	}
	// scanUnitFunction is the scan-unit function as a grant names it.
	scanUnitFunction = regexp.MustCompile(`:function:CloudCensus-scan-unit$`)
	// Services a function's role uses on what is the function's own: its
	// log group and its traces.
	ownServices = []string{"logs", "xray"}
)

// TestNoGrantWithoutItsVariable: a function's role holds no grant on a
// resource whose variable the function does not receive: no table grant
// without TABLE_NAME, no bucket grant without that bucket's variable, no
// key grant without KMS_KEY_ID, no states:* without STATE_MACHINE_ARN, no
// cognito-idp without USER_POOL_ID. A role several functions share holds
// only grants every one of them is told about.
func TestNoGrantWithoutItsVariable(t *testing.T) {
	s := fixture(t)
	c := readTestContract(t)
	received := map[string][]string{} // role -> variables every function running as it receives
	for _, f := range c.Functions {
		role := s.functionRole(t, f.Name)
		vars := slices.Concat(f.Env, f.OptionalEnv)
		if prev, ok := received[role]; ok {
			vars = slices.DeleteFunc(slices.Clone(prev), func(v string) bool { return !f.receives(v) })
		}
		received[role] = vars
	}
	for role, vars := range received {
		for _, st := range s.policyStatements(role) {
			var needs []string
			for _, a := range st.actions {
				service, _, _ := strings.Cut(a, ":")
				if v, ok := grantVariableOfService[service]; ok {
					if service == "lambda" && slices.ContainsFunc(st.resources, func(r any) bool { return scanUnitFunction.MatchString(flatten(r)) }) {
						v = envScanUnit // a credential's dry run
					}
					needs = append(needs, v)
				} else if !slices.Contains(ownServices, service) && service != "s3" {
					t.Errorf("%s: %s is in no row of the test's tables: say which variable names its resource", st.policy, a)
				}
			}
			for _, r := range st.resources {
				for re, v := range grantVariableOfResource {
					if re.MatchString(flatten(r)) {
						needs = append(needs, v)
					}
				}
			}
			if slices.ContainsFunc(st.actions, func(a string) bool { return strings.HasPrefix(a, "s3:") }) &&
				!slices.Contains(needs, envResultsBucket) && !slices.Contains(needs, envReportsBucket) {
				t.Errorf("%s: %v on %v, which is no bucket the test knows", st.policy, st.actions, st.resources)
			}
			slices.Sort(needs)
			for _, v := range slices.Compact(needs) {
				if !slices.Contains(vars, v) {
					t.Errorf("role %s: %v on %v, but %s is not in the environment of every function running as it (%v)", role, st.actions, st.resources, v, vars)
				}
			}
		}
	}
}

// TestExecutionsAreTheTasksAndScheduleRuns: the tasks function starts,
// lists (the workers) and stops task executions; schedule-run starts them;
// no other function touches the state machine.
func TestExecutionsAreTheTasksAndScheduleRuns(t *testing.T) {
	s := fixture(t)
	machine := "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:CloudCensus-scan-task"
	runs := "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:CloudCensus-scan-task:*"
	want := map[string][]string{
		"tasks":        {"states:ListExecutions on " + machine, "states:StartExecution on " + machine, "states:StopExecution on " + runs},
		"schedule-run": {"states:StartExecution on " + machine},
	}
	for _, f := range functions {
		var got []string
		for _, st := range s.policyStatements(s.functionRole(t, f.name)) {
			for _, a := range st.actions {
				if strings.HasPrefix(a, "states:") {
					for _, r := range st.resources {
						got = append(got, a+" on "+flatten(r))
					}
				}
			}
		}
		slices.Sort(got)
		if w := slices.Sorted(slices.Values(want[f.name])); !slices.Equal(got, w) {
			t.Errorf("%s: %v, want %v", f.name, got, w)
		}
	}
}

// TestSchedulesAreManagedOnlyInTheGroup: only the tasks function (which
// serves the schedule routes) changes Scheduler schedules, only in the
// stack's group, and passes only the Scheduler role, only to Scheduler;
// only the notification functions send mail, only as the configured
// identity.
func TestSchedulesAreManagedOnlyInTheGroup(t *testing.T) {
	s := fixture(t)
	group := "arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/CloudCensus/*"
	identity := "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/example.com"
	want := map[string][]string{
		"tasks": {"iam:PassRole on <SchedulerRole*.Arn> if scheduler.amazonaws.com", "scheduler:CreateSchedule on " + group,
			"scheduler:DeleteSchedule on " + group, "scheduler:GetSchedule on " + group, "scheduler:UpdateSchedule on " + group},
		"notifications": {"ses:SendEmail on " + identity, "ses:SendRawEmail on " + identity},
		"notifier":      {"ses:SendEmail on " + identity, "ses:SendRawEmail on " + identity},
	}
	role := regexp.MustCompile(`SchedulerRole[0-9A-F]{8}`)
	for _, f := range functions {
		var got []string
		for _, st := range s.policyStatements(s.functionRole(t, f.name)) {
			for _, a := range st.actions {
				if !strings.HasPrefix(a, "scheduler:") && !strings.HasPrefix(a, "iam:") && !strings.HasPrefix(a, "ses:") {
					continue
				}
				for _, r := range st.resources {
					g := a + " on " + role.ReplaceAllString(flatten(r), "SchedulerRole*")
					if a == "iam:PassRole" {
						g += " if " + fmt.Sprint(st.condition["StringEquals"].(map[string]any)["iam:PassedToService"])
					}
					got = append(got, g)
				}
			}
		}
		slices.Sort(got)
		if w := slices.Sorted(slices.Values(want[f.name])); !slices.Equal(got, w) {
			t.Errorf("%s: %v, want %v", f.name, got, w)
		}
	}
}

// TestNotificationsAreSweptEveryFiveMinutes: the notifier is fed by the
// queue and, every five minutes, by a scheduled event that re-queues
// deliveries whose message was lost.
func TestNotificationsAreSweptEveryFiveMinutes(t *testing.T) {
	s := fixture(t)
	found := false
	for _, r := range s.ofType("AWS::Events::Rule") {
		if r.props["ScheduleExpression"] == "rate(5 minutes)" && strings.Contains(fmt.Sprint(r.props["Targets"]), "NotifierFn") {
			found = true
		}
	}
	if !found {
		t.Fatal("no five-minute rule targets the notifier")
	}
	maps := s.ofType("AWS::Lambda::EventSourceMapping")
	if len(maps) != 1 || !strings.Contains(fmt.Sprint(maps[0].props), "ReportBatchItemFailures") || !strings.Contains(fmt.Sprint(maps[0].props), "NotifierFn") {
		t.Fatalf("event source mappings %+v", maps)
	}
}

// TestReportsAreExpiredDaily: a daily rule invokes the jobs function with
// the retention input, at the hour local mode uses.
func TestReportsAreExpiredDaily(t *testing.T) {
	s := fixture(t)
	for _, r := range s.ofType("AWS::Events::Rule") {
		if r.props["ScheduleExpression"] == RetentionSchedule {
			targets := fmt.Sprint(r.props["Targets"])
			if !strings.Contains(targets, "JobsFn") || !strings.Contains(targets, `"retention":true`) {
				t.Fatalf("the retention rule's targets %s", targets)
			}
			return
		}
	}
	t.Fatal("no daily retention rule")
}

// TestApprovedCallsReplayThroughTheAPIFunctions: the admin function is
// told every API function's name and may invoke those, and only those;
// the minute's housekeeping expires approval requests.
func TestApprovedCallsReplayThroughTheAPIFunctions(t *testing.T) {
	s := fixture(t)
	var env map[string]any
	for _, f := range s.ofType("AWS::Lambda::Function") {
		if strings.Contains(fmt.Sprint(f.props["FunctionName"]), "-admin") {
			env, _ = f.props["Environment"].(map[string]any)["Variables"].(map[string]any)
		}
	}
	raw, _ := env[envAPIFunctions].(string)
	var names map[string]string
	if err := json.Unmarshal([]byte(raw), &names); err != nil || len(names) < 7 {
		t.Fatalf("admin's %s = %q", envAPIFunctions, raw)
	}
	for _, fn := range []string{"auth", "users", "credentials", "tasks", "reports", "admin", "notifications"} {
		if !strings.HasSuffix(names[fn], "-"+fn) {
			t.Errorf("%s is not named for the replay: %q", fn, names[fn])
		}
	}
	found := false
	for _, r := range s.ofType("AWS::Events::Rule") {
		if r.props["ScheduleExpression"] == HousekeepingSchedule && strings.Contains(fmt.Sprint(r.props["Targets"]), `"housekeeping":true`) {
			found = true
		}
	}
	if !found {
		t.Error("no minute rule runs the housekeeping")
	}
}
