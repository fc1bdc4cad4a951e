using Prometheus;

namespace Live.Grains.Webhooks;

/// <summary>Webhook metrics of the silo's /metrics.</summary>
public static class WebhookMetrics
{
    public static readonly Counter Deliveries = Metrics.CreateCounter(
        "live_webhook_deliveries_total", "Webhook delivery attempts by outcome (delivered, failed, dead-lettered, dropped: endpoint deleted).",
        new CounterConfiguration { LabelNames = ["outcome"] });

    public static readonly Gauge OutboxDepth = Metrics.CreateGauge(
        "live_webhook_outbox_depth", "Webhook deliveries waiting in the outboxes active on this silo.");

    public static readonly Gauge DeadLetters = Metrics.CreateGauge(
        "live_webhook_dead_letters", "Webhook dead letters held by the outboxes active on this silo.");

    public static readonly Counter Refused = Metrics.CreateCounter(
        "live_webhook_refused_total", "Webhook deliveries not queued, by reason (outbox-full: the endpoint's cap was reached; dead-letters-full: the oldest dead letter was dropped).",
        new CounterConfiguration { LabelNames = ["reason"] });

    /// <summary>
    /// Publishes every outcome and refusal reason at zero when a silo starts, so that the first dead letter is an
    /// increase an alert sees, not the start of a series.
    /// </summary>
    public static void Publish()
    {
        foreach (var outcome in (string[])["delivered", "failed", "dead-lettered", "dropped"]) Deliveries.WithLabels(outcome).Publish();
        foreach (var reason in (string[])["outbox-full", "dead-letters-full"]) Refused.WithLabels(reason).Publish();
        OutboxDepth.Publish();
    }
}
