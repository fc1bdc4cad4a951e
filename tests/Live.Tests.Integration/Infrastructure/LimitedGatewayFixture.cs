namespace Live.Tests.Integration.Infrastructure;

/// <summary>
/// A gateway with tiny per-address limits, trusting loopback as a proxy so that each test speaks from its own client
/// address (<c>X-Forwarded-For</c>). Its own setup calls each come from a fresh address, so they never spend a test's budget.
/// </summary>
public sealed class LimitedGatewayFixture : GatewayFixture
{
    public const int ApiBurst = 5, HubConnectBurst = 4, MediaBurst = 3;

    private static int _lastAddress;

    /// <summary>A client address nobody has used yet (TEST-NET-3, RFC 5737).</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _lastAddress);
        return $"203.0.{n / 250}.{n % 250 + 1}";
    }

    protected override IReadOnlyDictionary<string, string?> MoreSettings() => new Dictionary<string, string?>
    {
        ["Live:Limits:Api:Burst"] = ApiBurst.ToString(),
        ["Live:Limits:Api:PerSecond"] = "1",
        ["Live:Limits:HubConnects:Burst"] = HubConnectBurst.ToString(),
        ["Live:Limits:HubConnects:PerSecond"] = "1",
        ["Live:Limits:MediaNegotiations:Burst"] = MediaBurst.ToString(),
        ["Live:Limits:MediaNegotiations:PerSecond"] = "1",
        ["Live:Limits:TrustedProxies:0"] = "127.0.0.1",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin.Dispose();
        Admin = new HttpClient(new FreshAddressHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = BaseAddress };
        Admin.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    /// <summary>Sends each request from a new client address.</summary>
    private sealed class FreshAddressHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.Add("X-Forwarded-For", NewAddress());
            return base.SendAsync(request, cancellationToken);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LimitedGatewayCollection : ICollectionFixture<LimitedGatewayFixture>
{
    public const string Name = "limited-gateway";
}
