namespace Live.SfuLoad;

/// <summary>
/// How the load client talks to one server's signaling: publish the clip's two tracks, then attach subscribers to
/// them. Each call negotiates one transport and starts it (ICE, then DTLS-SRTP).
/// </summary>
public interface ISfuSignaling : IAsyncDisposable
{
    /// <summary>Which plugin or API shape the comparison uses, for the output.</summary>
    string Describe { get; }

    Task SetupAsync(CancellationToken ct);

    Task PublishAsync(PeerTransport transport, CancellationToken ct);

    Task SubscribeAsync(int index, PeerTransport transport, CancellationToken ct);
}
