namespace Live.Media.Sfu;

/// <summary>
/// The outcome of <see cref="Router.Negotiate"/>: the SDP answer on success, or a readable error (nothing changed);
/// in both cases the router's current producers, and the producers this negotiation closed.
/// </summary>
public sealed record NegotiationResult
{
    /// <summary>True when <see cref="AnswerSdp"/> is set.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why the offer was refused; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The SFU's answer to give to the browser's setRemoteDescription.</summary>
    public string? AnswerSdp { get; init; }

    /// <summary>Every producer of the router after this negotiation.</summary>
    public IReadOnlyList<ProducerInfo> Producers { get; init; } = [];

    /// <summary>Producers this negotiation closed (a track the participant stopped publishing).</summary>
    public IReadOnlyList<string> ClosedProducerIds { get; init; } = [];

    internal static NegotiationResult Fail(string error, IReadOnlyList<ProducerInfo> producers) =>
        new() { Error = error, Producers = producers };
}
