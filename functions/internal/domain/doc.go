// Package domain holds CloudCensus's entities, their validation and the one
// error vocabulary every layer speaks. The HTTP layer turns an error's Kind
// into a status in one place; nothing else chooses status codes.
//
// It must not import the AWS SDK, the store or the HTTP layer: it is what
// they share.
package domain
