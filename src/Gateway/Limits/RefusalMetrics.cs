using Prometheus;

namespace Live.Gateway.Limits;

/// <summary>Every request the gateway turns away for a limit, by reason, so an operator sees abuse (or a limit set too low).</summary>
public static class RefusalMetrics
{
    public const string ApiRate = "api-rate";
    public const string HubConnectRate = "hub-connect-rate";
    public const string MediaNegotiationRate = "media-negotiation-rate";

    public static readonly Counter Refused = Metrics.CreateCounter(
        "live_gateway_refusals_total",
        "Requests the gateway refused for a limit, by reason (api-rate, hub-connect-rate, media-negotiation-rate).",
        new CounterConfiguration { LabelNames = ["reason"] });

    /// <summary>Publishes every reason at zero when the gateway starts: the first refusal is then an increase alerts see.</summary>
    public static void Publish()
    {
        foreach (var reason in (string[])[ApiRate, HubConnectRate, MediaNegotiationRate]) Refused.WithLabels(reason).Publish();
    }
}
