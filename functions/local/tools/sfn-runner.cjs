// sfn-runner runs the project's Amazon States Language definitions locally
// with aws-local-stepfunctions, behind the part of the Step Functions API the
// orchestrator uses (StartExecution, StopExecution, DescribeExecution,
// ListExecutions: AWS JSON 1.0, SigV4-signed), so the Go orchestrator talks
// to it with the real AWS SDK client, exactly as it talks to AWS.
//
// Every Lambda Task state becomes a POST to the Go process's loopback
// callback (/invoke/<function>), so the Go handlers run unchanged; the
// answers follow Lambda's Invoke contract (function errors carry errorType
// and errorMessage, which become the state's Error and Cause as in AWS).
// Each execution status change is POSTed to /events as the EventBridge
// "Step Functions Execution Status Change" event AWS would deliver.
//
// Started by the Go orchestrator: `node --require withresolvers-shim.cjs
// sfn-runner.cjs` with the substituted definition on stdin and its settings
// in CC_SFN_* variables. It binds 127.0.0.1 only.
"use strict";

const http = require("node:http");
const crypto = require("node:crypto");
const validateASL = require("asl-validator");
const {
  StateMachine,
  ExecutionAbortedError,
  ExecutionTimeoutError,
  ExecutionError,
} = require("aws-local-stepfunctions");

// ---------------------------------------------------------------- settings

function setting(name) {
  const v = process.env[name];
  if (!v) {
    fail(`${name} is not set`);
  }
  return v;
}

function fail(message) {
  process.stderr.write(`sfn-runner: ${message}\n`);
  process.exit(2);
}

const config = {
  port: Number(setting("CC_SFN_PORT")),
  region: setting("CC_SFN_REGION"),
  account: setting("CC_SFN_ACCOUNT"),
  stateMachineName: setting("CC_SFN_STATE_MACHINE_NAME"),
  accessKeyId: setting("CC_SFN_ACCESS_KEY_ID"),
  secretAccessKey: setting("CC_SFN_SECRET_ACCESS_KEY"),
  callbackURL: setting("CC_SFN_CALLBACK_URL").replace(/\/+$/, ""),
  callbackToken: setting("CC_SFN_CALLBACK_TOKEN"),
};
config.stateMachineArn = `arn:aws:states:${config.region}:${config.account}:stateMachine:${config.stateMachineName}`;

// Step Functions' quotas that shape the product's payloads.
const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_CLOSED_KEPT = 1000; // closed executions remembered for Describe

// -------------------------------------------------------------- definition

// localizeDistributedMaps rewrites each distributed Map (ItemReader) into
// what aws-local-stepfunctions can run: a Task state with the Map's name
// that reads the items through the Go process, followed by the same Map in
// inline mode over those items. Tolerated failure thresholds have no local
// equivalent: locally any failed iteration fails the Map.
function localizeDistributedMaps(states, readers) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Parallel") {
      state.Branches.forEach((b) => localizeDistributedMaps(b.States, readers));
    }
    if (state.Type !== "Map") {
      continue;
    }
    const processor = state.ItemProcessor || state.Iterator;
    localizeDistributedMaps(processor.States, readers);
    if (!state.ItemReader) {
      continue;
    }
    if (state.ItemBatcher || state.ResultWriter) {
      throw new Error(`Map ${name}: ItemBatcher and ResultWriter are not supported locally`);
    }
    const reader = state.ItemReader;
    const inputType = (reader.ReaderConfig && reader.ReaderConfig.InputType) || "JSON";
    if (reader.Resource !== "arn:aws:states:::s3:getObject" || inputType !== "JSON") {
      throw new Error(`Map ${name}: only an ItemReader of a JSON file (s3:getObject, InputType JSON) runs locally`);
    }
    const inlineName = `${name} (inline)`;
    const itemsPath = "$.localItemReaderItems";
    const inline = { ...state, ItemsPath: itemsPath };
    for (const field of ["ItemReader", "Label", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Iterator"]) {
      delete inline[field];
    }
    inline.ItemProcessor = { ...processor, ProcessorConfig: { Mode: "INLINE" } };
    const readerState = {
      Type: "Task",
      Comment: `Local stand-in for the ItemReader of the distributed Map ${name}`,
      Resource: reader.Resource,
      Parameters: reader.Parameters || {},
      ResultPath: itemsPath,
      Next: inlineName,
    };
    if (state.Catch) {
      readerState.Catch = state.Catch;
    }
    states[name] = readerState;
    states[inlineName] = inline;
    readers.set(name, { maxItems: reader.ReaderConfig && reader.ReaderConfig.MaxItems });
  }
}

const lambdaArn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;

// taskSpecs maps every Task state (at any depth) to what runs it.
function taskSpecs(states, readers, specs = new Map()) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Map") {
      taskSpecs((state.ItemProcessor || state.Iterator).States, readers, specs);
    } else if (state.Type === "Parallel") {
      state.Branches.forEach((b) => taskSpecs(b.States, readers, specs));
    }
    if (state.Type !== "Task") {
      continue;
    }
    const timeoutMs = (state.TimeoutSeconds || 60) * 1000;
    if (readers.has(name)) {
      specs.set(name, { kind: "items", timeoutMs, ...readers.get(name) });
      continue;
    }
    const m = lambdaArn.exec(state.Resource);
    if (!m) {
      throw new Error(`Task ${name}: resource ${state.Resource} is not a Lambda function ARN; the local runner only runs Lambda tasks`);
    }
    specs.set(name, { kind: "lambda", fn: m[1], timeoutMs });
  }
  return specs;
}

function checkDefinition(definition, what) {
  const copy = JSON.parse(JSON.stringify(definition)); // the validator annotates what it checks
  const { isValid, errorsText } = validateASL(copy, { checkArn: true, checkPaths: true });
  if (!isValid) {
    throw new Error(`${what} is invalid: ${errorsText("; ")}`);
  }
}

function loadDefinition(text) {
  const definition = JSON.parse(text);
  checkDefinition(definition, "the definition");
  const readers = new Map();
  localizeDistributedMaps(definition.States, readers);
  checkDefinition(definition, "the definition rewritten for local runs");
  const specs = taskSpecs(definition.States, readers);
  // Validated above with the newer validator; the engine's own is older.
  const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  return { machine, specs };
}

// --------------------------------------------------- calls into the Go side

function namedError(name, message) {
  const err = new Error(message);
  err.name = name;
  return err;
}

// callbackAgent reuses connections to the Go process. node:http rather
// than fetch: fetch gives up waiting for an answer after 300 s, and a scan
// unit may run for Lambda's 900.
const callbackAgent = new http.Agent({ keepAlive: true });

function callback(path, body, signal) {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${config.callbackURL}${path}`,
      {
        method: "POST",
        agent: callbackAgent,
        signal,
        headers: { authorization: `Bearer ${config.callbackToken}`, "content-type": "application/json", "content-length": data.length },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

// invoke calls a Go handler with Lambda's Invoke semantics: the error names
// are the ones Step Functions reports for a Lambda task, so Retry and Catch
// behave as in AWS.
async function invoke(execution, spec, input) {
  const signal = AbortSignal.any([execution.controller.signal, AbortSignal.timeout(spec.timeoutMs + 1000)]);
  if (signal.aborted) {
    throw namedError("States.Runtime", `execution ${execution.name} has ended`);
  }
  let res;
  try {
    res = await callback(`/invoke/${encodeURIComponent(spec.fn)}`, input, signal);
  } catch (err) {
    if (execution.controller.signal.aborted) {
      throw namedError("States.Runtime", `execution ${execution.name} has ended`); // matches no Lambda retrier
    }
    throw namedError("Lambda.SdkClientException", `invoke ${spec.fn}: ${err.message}`);
  }
  const text = res.text;
  if (res.status === 404) {
    throw namedError("Lambda.ResourceNotFoundException", `Function not found: ${spec.fn}`);
  }
  if (res.status === 429) {
    throw namedError("Lambda.TooManyRequestsException", `Rate exceeded: ${spec.fn}`);
  }
  if (res.status >= 500) {
    throw namedError("Lambda.ServiceException", `invoke ${spec.fn}: ${res.status} ${text}`);
  }
  if (res.status !== 200) {
    throw namedError("Lambda.AWSLambdaException", `invoke ${spec.fn}: ${res.status} ${text}`);
  }
  if (res.headers["x-amz-function-error"]) {
    let errorType = "Lambda.Unknown";
    try {
      errorType = JSON.parse(text).errorType || errorType;
    } catch {
      // not JSON: keep Lambda.Unknown, the text is the cause
    }
    throw namedError(errorType, text);
  }
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw namedError("States.DataLimitExceeded", `${spec.fn} answered ${Buffer.byteLength(text)} bytes; the limit is ${MAX_PAYLOAD_BYTES}`);
  }
  return text === "" ? null : JSON.parse(text);
}

// readItems is the local ItemReader: the Go side reads the object.
async function readItems(execution, spec, input) {
  const signal = AbortSignal.any([execution.controller.signal, AbortSignal.timeout(spec.timeoutMs)]);
  let res;
  try {
    res = await callback("/items", { bucket: input.Bucket, key: input.Key }, signal);
  } catch (err) {
    throw namedError("States.ItemReaderFailed", `read s3://${input.Bucket}/${input.Key}: ${err.message}`);
  }
  if (res.status !== 200) {
    throw namedError("States.ItemReaderFailed", `read s3://${input.Bucket}/${input.Key}: ${res.status} ${res.text}`);
  }
  let items;
  try {
    items = JSON.parse(res.text);
  } catch (err) {
    throw namedError("States.ItemReaderFailed", `s3://${input.Bucket}/${input.Key} is not JSON: ${err.message}`);
  }
  if (!Array.isArray(items)) {
    throw namedError("States.ItemReaderFailed", `s3://${input.Bucket}/${input.Key} is not a JSON array`);
  }
  return spec.maxItems ? items.slice(0, spec.maxItems) : items;
}

function handlersFor(execution, specs) {
  const handlers = {};
  for (const [state, spec] of specs) {
    handlers[state] = spec.kind === "items" ? (input) => readItems(execution, spec, input) : (input) => invoke(execution, spec, input);
  }
  return handlers;
}

// --------------------------------------------------------------- executions

const executions = new Map(); // executionArn -> execution, in start order

function executionArn(name) {
  return `arn:aws:states:${config.region}:${config.account}:execution:${config.stateMachineName}:${name}`;
}

function startExecution(workflow, name, input) {
  const execution = {
    arn: executionArn(name),
    name,
    input,
    status: "RUNNING",
    startDate: Date.now(),
    stopDate: null,
    output: null,
    error: null,
    cause: null,
    controller: new AbortController(),
    delivered: Promise.resolve(),
  };
  executions.set(execution.arn, execution);
  const run = workflow.machine.run(JSON.parse(input), {
    overrides: { taskResourceLocalHandlers: handlersFor(execution, workflow.specs) },
    context: {
      Execution: { Id: execution.arn, Name: name, StartTime: new Date(execution.startDate).toISOString() },
      StateMachine: { Id: config.stateMachineArn, Name: config.stateMachineName },
    },
  });
  execution.abort = run.abort;
  drain(run.eventLogs);
  run.result.then(
    (output) => settle(execution, "SUCCEEDED", { output: JSON.stringify(output) }),
    (err) => settle(execution, ...outcome(err)),
  );
  emit(execution);
  return execution;
}

function outcome(err) {
  if (err instanceof ExecutionAbortedError) {
    return ["ABORTED", {}];
  }
  if (err instanceof ExecutionTimeoutError) {
    return ["TIMED_OUT", { error: "States.Timeout", cause: "The execution ran longer than the state machine's TimeoutSeconds" }];
  }
  if (err instanceof ExecutionError && err.cause) {
    return ["FAILED", { error: err.cause.name, cause: err.cause.message }];
  }
  return ["FAILED", { error: "States.Runtime", cause: String((err && err.message) || err) }];
}

// settle closes an execution once: a later outcome (the engine noticing an
// abort) does not overwrite the first.
function settle(execution, status, fields) {
  if (execution.status !== "RUNNING") {
    return;
  }
  Object.assign(execution, { status, stopDate: Date.now() }, fields);
  execution.controller.abort(); // cancels the Go handlers still running
  emit(execution);
  forgetOldExecutions();
}

function stopExecution(execution, error, cause) {
  if (execution.status === "RUNNING") {
    settle(execution, "ABORTED", { error: error || null, cause: cause || null });
    execution.abort();
  }
  return execution.stopDate;
}

// The engine queues every event of an execution until they are read.
async function drain(eventLogs) {
  try {
    for await (const _ of eventLogs) {
      // the history is not kept: describe answers from the execution record
    }
  } catch {
    // the log ends with the execution
  }
}

function forgetOldExecutions() {
  let closed = 0;
  for (const e of executions.values()) {
    if (e.status !== "RUNNING") {
      closed++;
    }
  }
  for (const [arn, e] of executions) {
    if (closed <= MAX_CLOSED_KEPT) {
      break;
    }
    if (e.status !== "RUNNING") {
      executions.delete(arn);
      closed--;
    }
  }
}

// -------------------------------------------------------- status events

function statusChangeEvent(e) {
  return {
    version: "0",
    id: crypto.randomUUID(),
    "detail-type": "Step Functions Execution Status Change",
    source: "aws.states",
    account: config.account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: config.region,
    resources: [e.arn],
    detail: {
      executionArn: e.arn,
      stateMachineArn: config.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate,
      stopDate: e.stopDate,
      input: e.input,
      inputDetails: { included: true },
      output: e.output,
      outputDetails: e.output === null ? null : { included: true },
      error: e.error,
      cause: e.cause,
    },
  };
}

// emit delivers status changes in order, retrying like EventBridge does
// (for a shorter time: this is one machine).
function emit(execution) {
  const event = statusChangeEvent(execution);
  execution.delivered = execution.delivered.then(() => deliver(event));
}

async function deliver(event) {
  let last = "";
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const res = await callback("/events", event, AbortSignal.timeout(60000));
      if (res.status >= 200 && res.status < 300) {
        return;
      }
      last = `${res.status} ${res.text}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 8000)));
  }
  process.stderr.write(`sfn-runner: gave up delivering ${event.detail.status} of ${event.detail.executionArn}: ${last}\n`);
}

// ------------------------------------------------ the Step Functions API

class APIError extends Error {
  constructor(code, message, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

// Execution names as Step Functions accepts them.
const invalidName = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

function requireExecution(arn) {
  if (typeof arn !== "string" || !arn.startsWith("arn:")) {
    throw new APIError("InvalidArn", `Invalid Arn: '${arn}'`);
  }
  const e = executions.get(arn);
  if (!e) {
    throw new APIError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
  }
  return e;
}

function seconds(ms) {
  return ms === null ? undefined : ms / 1000;
}

function summary(e) {
  return {
    executionArn: e.arn,
    stateMachineArn: config.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    stopDate: seconds(e.stopDate),
  };
}

function api(workflow) {
  return {
    StartExecution(req) {
      if (req.stateMachineArn !== config.stateMachineArn) {
        throw new APIError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${req.stateMachineArn}'`);
      }
      const name = req.name || crypto.randomUUID();
      if (name.length > 80 || invalidName.test(name)) {
        throw new APIError("InvalidName", `Invalid Name: '${name}'`);
      }
      const input = req.input === undefined ? "{}" : req.input;
      if (Buffer.byteLength(input) > MAX_PAYLOAD_BYTES) {
        throw new APIError("InvalidExecutionInput", "Input is larger than 256 KB");
      }
      try {
        JSON.parse(input);
      } catch (err) {
        throw new APIError("InvalidExecutionInput", `Invalid State Machine Execution Input: '${err.message}'`);
      }
      const existing = executions.get(executionArn(name));
      if (existing) {
        // Idempotent for the same name and input while running, as in AWS.
        if (existing.status === "RUNNING" && existing.input === input) {
          return { executionArn: existing.arn, startDate: seconds(existing.startDate) };
        }
        throw new APIError("ExecutionAlreadyExists", `Execution Already Exists: '${existing.arn}'`);
      }
      const e = startExecution(workflow, name, input);
      return { executionArn: e.arn, startDate: seconds(e.startDate) };
    },
    StopExecution(req) {
      const e = requireExecution(req.executionArn);
      return { stopDate: seconds(stopExecution(e, req.error, req.cause)) };
    },
    DescribeExecution(req) {
      const e = requireExecution(req.executionArn);
      const out = { ...summary(e), input: e.input, inputDetails: { included: true } };
      for (const field of ["output", "error", "cause"]) {
        if (e[field] !== null) {
          out[field] = e[field];
        }
      }
      if (e.output !== null) {
        out.outputDetails = { included: true };
      }
      return out;
    },
    ListExecutions(req) {
      if (req.stateMachineArn !== config.stateMachineArn) {
        throw new APIError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${req.stateMachineArn}'`);
      }
      const max = Math.min(req.maxResults || 100, 1000);
      const offset = req.nextToken ? Number(Buffer.from(req.nextToken, "base64url").toString()) : 0;
      if (!Number.isInteger(offset) || offset < 0) {
        throw new APIError("InvalidToken", "Invalid nextToken");
      }
      const all = [...executions.values()]
        .filter((e) => !req.statusFilter || e.status === req.statusFilter)
        .sort((a, b) => b.startDate - a.startDate);
      const page = all.slice(offset, offset + max);
      const out = { executions: page.map(summary) };
      if (offset + max < all.length) {
        out.nextToken = Buffer.from(String(offset + max)).toString("base64url");
      }
      return out;
    },
  };
}

// ------------------------------------------------------------------ SigV4

function hmac(key, data) {
  return crypto.createHmac("sha256", key).update(data).digest();
}

function sha256Hex(data) {
  return crypto.createHash("sha256").update(data).digest("hex");
}

// verifySignature checks a request's AWS Signature Version 4 against the
// key pair the orchestrator was given, so nothing else on the machine can
// drive executions (and through them the Go handlers).
function verifySignature(req, body) {
  const auth = req.headers.authorization || "";
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) {
    throw new APIError("MissingAuthenticationToken", "Missing or malformed SigV4 authorization", 403);
  }
  const [, keyId, date, region, service, signedHeaders, signature] = m;
  if (keyId !== config.accessKeyId) {
    throw new APIError("UnrecognizedClientException", "The security token included in the request is invalid", 403);
  }
  const amzDate = req.headers["x-amz-date"] || "";
  const when = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!(Math.abs(Date.now() - when) < 15 * 60 * 1000) || !amzDate.startsWith(date)) {
    throw new APIError("InvalidSignatureException", "Signature expired or not yet valid", 403);
  }
  const url = new URL(req.url, "http://local");
  const query = [...url.searchParams].map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)]).sort().map(([k, v]) => `${k}=${v}`).join("&");
  const headers = signedHeaders.split(";").map((h) => `${h}:${String(req.headers[h] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonical = [req.method, url.pathname, query, headers, signedHeaders, sha256Hex(body)].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical)].join("\n");
  let key = hmac(`AWS4${config.secretAccessKey}`, date);
  for (const part of [region, service, "aws4_request"]) {
    key = hmac(key, part);
  }
  const expected = hmac(key, toSign);
  if (!crypto.timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
    throw new APIError("InvalidSignatureException", "The request signature does not match", 403);
  }
}

// ------------------------------------------------------------------ server

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res, status, body, extra = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "content-length": Buffer.byteLength(text), ...extra });
  res.end(text);
}

function serve(workflow) {
  const operations = api(workflow);
  const server = http.createServer(async (req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      return reply(res, 200, { status: "ok" });
    }
    try {
      const body = await readBody(req);
      verifySignature(req, body);
      const target = req.headers["x-amz-target"] || "";
      const op = target.startsWith("AWSStepFunctions.") && operations[target.slice("AWSStepFunctions.".length)];
      if (req.method !== "POST" || !op) {
        throw new APIError("UnknownOperationException", `Unsupported operation ${target}`);
      }
      reply(res, 200, op(body.length ? JSON.parse(body) : {}));
    } catch (err) {
      const e = err instanceof APIError ? err : new APIError(err instanceof SyntaxError ? "SerializationException" : "InternalFailure", err.message, err instanceof SyntaxError ? 400 : 500);
      reply(res, e.status, { __type: e.code, message: e.message }, { "x-amzn-errortype": e.code });
    }
  });
  server.listen(config.port, "127.0.0.1");
  return server;
}

// ------------------------------------------------------------------- main

process.on("unhandledRejection", (err) => {
  process.stderr.write(`sfn-runner: unhandled rejection: ${(err && err.stack) || err}\n`);
});
process.on("SIGTERM", () => process.exit(0));
// The parent-death signal the Go side asks for is the first guard; this is
// the second: a runner whose parent is gone has nobody to call back.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    process.exit(1);
  }
}, 2000).unref();

readBody(process.stdin).then((text) => {
  let workflow;
  try {
    workflow = loadDefinition(text.toString("utf8"));
  } catch (err) {
    fail(`load the state machine: ${err.message}`);
  }
  serve(workflow);
});
