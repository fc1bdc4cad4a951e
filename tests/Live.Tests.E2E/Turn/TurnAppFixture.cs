namespace Live.Tests.E2E.Turn;

/// <summary>
/// The app with a real coturn beside it: the gateway mints credentials with the relay's secret (Live:Turn) and hands
/// browsers its UDP, TCP and TLS URLs.
/// </summary>
public sealed class TurnAppFixture : LiveAppFixture
{
    public CoturnRelay Relay { get; } = CoturnRelay.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraConfiguration =>
    [
        new("Live:Turn:Secret", Relay.Secret),
        new("Live:Turn:Urls:0", Relay.UdpUrl),
        new("Live:Turn:Urls:1", Relay.TcpUrl),
        new("Live:Turn:Urls:2", Relay.TlsUrl),
        new("Live:Turn:CredentialLifetime", "01:00:00"),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Relay.Dispose();
    }
}
