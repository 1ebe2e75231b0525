// Package store keeps CloudCensus's items in one DynamoDB table through
// guregu/dynamo. Every list is a Query on the table or an index, never a
// Scan; every update is a conditional write on the item's version, so a
// stale write is a conflict, not a lost update.
//
// # Key design
//
// The workspace id is the first part of every partition key, so no query
// can cross workspaces. Attributes: PK, SK (table key), GSI1PK/GSI1SK and
// GSI2PK/GSI2SK (two overloaded indexes), expiresAt (TTL, epoch seconds).
//
//	item            PK                          SK                     GSI1 (PK / SK)                         GSI2 (PK / SK)
//	workspace       WS#<ws>                     WORKSPACE              -                                      -
//	user            WS#<ws>#USER                USER#<id>              WS#<ws>#USERROLE#<role> / USER#<id>    -
//	unique marker   UNIQUE#<kind>#<value>       UNIQUE                 -                                      -
//
// Unique markers hold the owner "<ws>/<id>". Kinds: username, email and
// subject (the identity provider's sub: the marker is also the directory
// that maps a token to its workspace and user).
//
// Entities added by later features document their rows beside their code.
// The uniqueness markers are the only rows
// outside a workspace: a sign-in name must be unique across the whole user
// pool, and the authorizer must find the workspace of a token's subject
// before it knows the workspace.
//
// It must not import the HTTP layer or any handler package.
package store
