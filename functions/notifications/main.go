// Command notifications serves the notification channel routes behind API
// Gateway: channels, a test send and the delivery log.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/apideps"
	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func main() {
	env := lambdaenv.MustLoad("notifications")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	sender := channels.NewDeployedSender(env.AWS, env.Get(lambdaenv.MailFrom))
	svc := notifications.New(notifications.Deps{Store: st, Box: secrets.New(keys.NewKMS(env.AWS, env.Get(lambdaenv.KMSKeyID))),
		Sender: sender, Policy: sender.Policy})
	env.ServeAPI(apideps.For(st), svc.Routes())
}
