// Preloaded with `node --require` in front of cognito-local, it closes the
// two flaws that make the stand-in kinder than Amazon Cognito:
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
//
// Both are done by answering cognito-local's own require() calls for the
// modules concerned, without touching its files.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");

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

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request.endsWith("keys/cognitoLocal.private.json")) {
    return { pem: key.pem, jwk: key.jwk };
  }
  if (request.endsWith("keys/cognitoLocal.public.json")) {
    return { jwk: key.jwk };
  }
  const loaded = originalLoad.apply(this, arguments);
  if (request === "../errors" && parent && parent.filename.includes("cognito-local")) {
    errors = loaded;
  }
  if (request === "./initiateAuth" && parent && parent.filename.includes("cognito-local")) {
    return { InitiateAuth: passwordFirst(loaded.InitiateAuth) };
  }
  return loaded;
};

// passwordFirst wraps the InitiateAuth target: for a password sign-in of a
// user that exists, the password is compared before anything else.
function passwordFirst(initiateAuth) {
  return (services) => {
    const inner = initiateAuth(services);
    return async (ctx, req) => {
      if (req.AuthFlow === "USER_PASSWORD_AUTH" && req.AuthParameters) {
        const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
        const user = await pool.getUserByUsername(ctx, req.AuthParameters.USERNAME);
        if (user && user.Password !== req.AuthParameters.PASSWORD) {
          throw new errors.InvalidPasswordError();
        }
      }
      return inner(ctx, req);
    };
  };
}
