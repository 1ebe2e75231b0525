// Preloaded with `node --require` in front of cognito-local, it closes the
// flaws that make the stand-in kinder than Amazon Cognito:
//
// 1. cognito-local answers a user whose password is temporary with the
//    NEW_PASSWORD_REQUIRED challenge before it compares the password, so any
//    password opens such an account. Cognito checks the password first;
//    here too: a wrong password is InvalidPasswordException whatever the
//    user's status.
// 2. cognito-local signs tokens with a private key shipped inside its npm
//    package, so anyone can mint tokens it (and the authorizer trusting its
//    JWKS) would accept. Here it signs with the key in the file named by
//    CLOUDCENSUS_COGNITO_KEY, generated per data folder by the local binary
//    ({"pem": PKCS#1 private key, "jwk": public JWK}); the JWKS it serves is
//    that key's.
// 3. cognito-local ignores an app client's ExplicitAuthFlows, so a client
//    that only allows the server-side flow (ADMIN_USER_PASSWORD_AUTH, the
//    one behind the API's lockout counter) would still take passwords
//    directly. Here, as in Cognito, a flow the client does not allow is
//    InvalidParameterException.
// 4. cognito-local's AdminInitiateAuth hands a user with a temporary
//    password tokens at once (Cognito asks NEW_PASSWORD_REQUIRED), it has
//    no AdminRespondToAuthChallenge, and RespondToAuthChallenge accepts any
//    Session string, so whoever knows a username could set a temporary
//    user's password. Here the challenge's session is remembered (bound to
//    the user and client, single use, three minutes like Cognito's) and an
//    answer with any other session is NotAuthorizedException.
//
// All of it is done by answering cognito-local's own require() calls for
// the modules concerned, without touching its files.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const crypto = require("node:crypto");

const keyFile = process.env.CLOUDCENSUS_COGNITO_KEY;
if (!keyFile) {
  throw new Error("cognito-wrap: CLOUDCENSUS_COGNITO_KEY names no key file");
}
const key = JSON.parse(fs.readFileSync(keyFile, "utf8"));
if (!key.pem || !key.jwk || key.jwk.kid !== "CognitoLocal") {
  // cognito-local writes kid "CognitoLocal" into every token header.
  throw new Error("cognito-wrap: " + keyFile + " must hold pem and a jwk with kid CognitoLocal");
}

let errors; // cognito-local's error classes, from the first module that loads them
let patched = false;

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request.endsWith("keys/cognitoLocal.private.json")) {
    return { pem: key.pem, jwk: key.jwk };
  }
  if (request.endsWith("keys/cognitoLocal.public.json")) {
    return { jwk: key.jwk };
  }
  const loaded = originalLoad.apply(this, arguments);
  const ours = parent && parent.filename.includes("cognito-local");
  if (ours && request === "../errors") {
    errors = loaded;
  }
  if (ours && !patched && (request === "./targets" || request === "../targets/targets")) {
    patched = true;
    patch(loaded.Targets);
  }
  return loaded;
};

// CHALLENGE_TTL_MS is how long a NEW_PASSWORD_REQUIRED session may be
// answered (Cognito: three minutes).
const CHALLENGE_TTL_MS = 3 * 60 * 1000;
const sessions = new Map(); // session -> {username, clientId, expires}

// patch replaces the targets cognito-local routes requests to.
function patch(targets) {
  const initiateAuth = targets.InitiateAuth;
  const adminInitiateAuth = targets.AdminInitiateAuth;
  const respond = targets.RespondToAuthChallenge;

  targets.InitiateAuth = (services) => {
    const inner = initiateAuth(services);
    return async (ctx, req) => {
      if (req.AuthFlow === "USER_PASSWORD_AUTH") {
        await requireFlow(services, ctx, req.ClientId, "USER_PASSWORD_AUTH");
        const user = await passwordFirst(services, ctx, req);
        if (user && user.UserStatus === "FORCE_CHANGE_PASSWORD") {
          return challenge(user, req.ClientId);
        }
      }
      return inner(ctx, req);
    };
  };

  targets.AdminInitiateAuth = (services) => {
    const inner = adminInitiateAuth(services);
    return async (ctx, req) => {
      if (req.AuthFlow === "ADMIN_USER_PASSWORD_AUTH" || req.AuthFlow === "ADMIN_NO_SRP_AUTH") {
        await requireFlow(services, ctx, req.ClientId, "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH");
        const user = await passwordFirst(services, ctx, req);
        if (user && user.UserStatus === "FORCE_CHANGE_PASSWORD") {
          return challenge(user, req.ClientId);
        }
        return inner(ctx, { ...req, AuthFlow: "ADMIN_USER_PASSWORD_AUTH" });
      }
      return inner(ctx, req);
    };
  };

  const checkedRespond = (services) => {
    const inner = respond(services);
    return async (ctx, req) => {
      if (req.ChallengeName === "NEW_PASSWORD_REQUIRED") {
        const username = req.ChallengeResponses && req.ChallengeResponses.USERNAME;
        const s = sessions.get(req.Session);
        sessions.delete(req.Session);
        if (!s || s.expires < Date.now() || s.username !== username || s.clientId !== req.ClientId) {
          throw new errors.NotAuthorizedError("Invalid session for the user, session is expired.");
        }
      }
      return inner(ctx, req);
    };
  };
  targets.RespondToAuthChallenge = checkedRespond;
  targets.AdminRespondToAuthChallenge = checkedRespond;
}

// requireFlow refuses an auth flow the app client does not allow, with
// Cognito's own answer.
async function requireFlow(services, ctx, clientId, ...flows) {
  const client = await services.cognito.getAppClient(ctx, clientId);
  const allowed = (client && client.ExplicitAuthFlows) || [];
  if (!flows.some((f) => allowed.includes(f) || allowed.includes("ALLOW_" + f))) {
    throw new errors.InvalidParameterError(flows[0] + " flow not enabled for this client");
  }
}

// passwordFirst compares the password of a password sign-in before
// anything else and returns the user (or undefined for an unknown one,
// which the target itself refuses).
async function passwordFirst(services, ctx, req) {
  const params = req.AuthParameters || {};
  const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
  const user = await pool.getUserByUsername(ctx, params.USERNAME || "");
  if (user && user.Password !== params.PASSWORD) {
    throw new errors.InvalidPasswordError();
  }
  return user;
}

// challenge asks for a new password with a session only this user's
// answer, on this client, within the TTL, may use once.
function challenge(user, clientId) {
  const now = Date.now();
  for (const [k, v] of sessions) {
    if (v.expires < now) sessions.delete(k);
  }
  const session = crypto.randomBytes(32).toString("base64url");
  sessions.set(session, { username: user.Username, clientId, expires: now + CHALLENGE_TTL_MS });
  const attrs = {};
  for (const a of user.Attributes || []) attrs[a.Name] = a.Value;
  return {
    ChallengeName: "NEW_PASSWORD_REQUIRED",
    ChallengeParameters: { USER_ID_FOR_SRP: user.Username, requiredAttributes: "[]", userAttributes: JSON.stringify(attrs) },
    Session: session,
  };
}
