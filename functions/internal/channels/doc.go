// Package channels renders an event.Event for each kind of notification
// receiver (DingTalk, Slack, Microsoft Teams, a signed webhook, e-mail) and
// delivers it safely.
//
// Two things make this more than string formatting. First, most of what a
// message shows is written by someone else: task, client and project
// names, tags, resource names and failure reasons come from users and from
// the scanned accounts. Every renderer treats them as text: it escapes
// them for its format (or places them where the format does no parsing),
// so a name like "<!channel>" or "[x](http://evil)" shows as itself and
// never becomes a mention, a link, a formula or a placeholder; and it cuts
// long values at a rune boundary, outside any escape, with a note of what
// was left out, so every message stays inside its receiver's limits.
// Second, a channel's URL is chosen by a user and the request is sent from
// inside the stack: Policy refuses destinations that are not public
// (private, loopback, link-local, metadata addresses), both when a channel
// is saved and again inside the dialer for the address actually dialed,
// so DNS rebinding gains nothing.
//
// Storing channels, queueing deliveries and scheduling retries belong to
// the callers; this package gives them Validate, Mask, Sender.Send and the
// Result that says whether a failure is worth retrying.
//
// It imports package event and, for e-mail through Amazon SES (ses.go),
// the SESv2 client; nothing else of the product.
package channels
