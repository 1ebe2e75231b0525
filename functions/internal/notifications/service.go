package notifications

import (
	"context"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Store is what the channel routes need of the table (*store.Store).
type Store interface {
	CreateChannel(ctx context.Context, c *domain.Channel) error
	GetChannel(ctx context.Context, ws, id string) (*domain.Channel, error)
	UpdateChannel(ctx context.Context, c *domain.Channel) error
	DeleteChannel(ctx context.Context, ws, id string) error
	ListChannels(ctx context.Context, ws, createdBy string, p store.Page) (store.Listed[domain.Channel], error)
	ListDeliveries(ctx context.Context, ws, channelID string, p store.Page) (store.Listed[domain.Delivery], error)
	CreateDelivery(ctx context.Context, d *domain.Delivery) (bool, error)
	RecordAttempt(ctx context.Context, d *domain.Delivery, readAttempts int) error
}

var _ Store = (*store.Store)(nil)

// Box seals and opens channel configurations (secrets.Box), under the
// context {workspace, credential: "channel:<id>"}.
type Box interface {
	Seal(ctx context.Context, ws, credentialID string, s domain.Secret) (domain.SealedSecret, error)
	Open(ctx context.Context, ws, credentialID string, s domain.SealedSecret) (domain.Secret, error)
}

// Sender sends one event to one receiver (*channels.Sender).
type Sender interface {
	Send(ctx context.Context, typ channels.Type, cfg channels.Config, ev event.Event) channels.Result
}

var _ Sender = (*channels.Sender)(nil)

// Deps are the routes' dependencies; all but Now are required.
type Deps struct {
	Store  Store
	Box    Box
	Sender Sender
	// Policy decides which receivers a channel may name: the zero Policy
	// deployed, AllowLoopbackHTTP in local mode. Use the Sender's.
	Policy channels.Policy
	Now    func() time.Time
}

// Service serves the notification channel routes.
type Service struct {
	d Deps
}

// New builds the service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{d: d}
}

// Routes are the notification channel routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/notification-channels", Perm: authz.NotificationsRead,
			Summary: "List the notification channels the caller may see (its own; an admin every one), configuration masked",
			Query:   httpapi.PageParams, Reply: httpapi.List[domain.Channel]{}, Handler: s.list},
		{Method: "GET", Path: "/api/notification-channels/detail", Perm: authz.NotificationsRead,
			Summary: "One notification channel, configuration masked, with its health",
			Query:   httpapi.IDParam, Reply: domain.Channel{}, Handler: s.detail},
		{Method: "POST", Path: "/api/notification-channels/create", Perm: authz.NotificationsCreate,
			Summary: "Create a notification channel (dingtalk, slack, teams, webhook, email) subscribed to events",
			Body:    CreateBody{}, Reply: domain.Channel{}, Status: 201,
			Audit: httpapi.Audited("notifications.create", "notification-channel"), Handler: s.create},
		{Method: "POST", Path: "/api/notification-channels/update", Perm: authz.NotificationsUpdate,
			Summary: "Change a notification channel; masked configuration values left as answered keep the stored ones",
			Body:    UpdateBody{}, Reply: domain.Channel{},
			Audit: httpapi.Audited("notifications.update", "notification-channel"), Handler: s.update},
		{Method: "POST", Path: "/api/notification-channels/delete", Perm: authz.NotificationsDelete,
			Summary: "Delete a notification channel; its pending deliveries are dropped",
			Body:    httpapi.IDBody{}, Status: 204,
			Audit: httpapi.Audited("notifications.delete", "notification-channel"), Handler: s.delete},
		{Method: "POST", Path: "/api/notification-channels/test", Perm: authz.NotificationsCreate,
			Summary: "Send a channel.test message now and answer the receiver's status",
			Body:    httpapi.IDBody{}, Reply: TestResult{},
			Audit: httpapi.Audited("notifications.test", "notification-channel"), Handler: s.test},
		{Method: "GET", Path: "/api/notification-channels/deliveries", Perm: authz.NotificationsRead,
			Summary: "A channel's delivery log, newest first: event, status, attempts, response code, last error, times",
			Query:   httpapi.WithPage(httpapi.IDParam...), Reply: httpapi.List[domain.Delivery]{}, Handler: s.deliveries},
	}
}
