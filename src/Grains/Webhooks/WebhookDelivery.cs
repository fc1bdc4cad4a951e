using Live.Webhooks;

namespace Live.Grains.Webhooks;

/// <summary>One attempt to hand to the sender: which outbox owns it, where it goes, how to sign it and what to send.</summary>
public sealed record WebhookDelivery(string SessionId, WebhookTarget Target, WebhookEvent Event);
