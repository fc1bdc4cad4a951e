using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Limits;

/// <summary>
/// Wiring of the per-address limits: ASP.NET Core's rate limiter with one policy per door (REST, hub connections,
/// the connection check's media probe), and <see cref="MediaNegotiationLimiter"/> for the hub's <c>Negotiate</c>, which
/// arrives as a message on an open WebSocket rather than as a request. A refused REST call is a <c>429</c> problem
/// with <c>Retry-After</c>; every refusal is counted in <see cref="RefusalMetrics"/>.
/// </summary>
public static class ClientRateLimits
{
    public const string ApiPolicy = "api";
    public const string HubConnectPolicy = "hub-connect";
    public const string MediaProbePolicy = "media-probe";

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section)
            .Validate(o => o.Problem() is null, "Live:Limits is invalid")
            .ValidateOnStart();
        services.AddSingleton<MediaNegotiationLimiter>();
        var limits = configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new();
        if (limits.Problem() is { } problem) throw new Live.Silo.Hosting.ClusterConfigurationException(problem);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // Only listed proxies are believed; a client cannot pick its own partition by sending the header.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in limits.TrustedProxies)
            {
                if (IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
                else o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            }
        });

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(ApiPolicy, http => PerAddress(http, limits.Api));
            o.AddPolicy(HubConnectPolicy, http => PerAddress(http, limits.HubConnects));
            o.AddPolicy(MediaProbePolicy, http => PerAddress(http, limits.MediaNegotiations));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The client's address as the partition key: IPv4-mapped IPv6 folded to IPv4, so one client is one key.</summary>
    public static string AddressOf(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    public static TokenBucketRateLimiterOptions Bucket(RateLimit limit) => new()
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = limit.PerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        AutoReplenishment = true,
        QueueLimit = 0,
    };

    /// <summary>
    /// The whole seconds a refused client should wait. A lease names the bucket's period (a refill every second), but
    /// the refill comes from a timer that may fire a little after that, so a client that waited exactly the named time
    /// could be refused again: the answer includes that slack, so Retry-After is a promise the bucket keeps.
    /// </summary>
    public static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling((wait + RefillTimerSlack).TotalSeconds));

    private static readonly TimeSpan RefillTimerSlack = TimeSpan.FromMilliseconds(500);

    private static RateLimitPartition<string> PerAddress(HttpContext http, RateLimit limit) =>
        RateLimitPartition.GetTokenBucketLimiter(AddressOf(http.Connection.RemoteIpAddress), _ => Bucket(limit));

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        RefusalMetrics.Refused.WithLabels(policy switch
        {
            HubConnectPolicy => RefusalMetrics.HubConnectRate,
            MediaProbePolicy => RefusalMetrics.MediaNegotiationRate,
            _ => RefusalMetrics.ApiRate,
        }).Inc();
        var retryAfter = RetryAfterSeconds(context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "rate-limited",
                Detail = $"Too many requests from this address; try again in {retryAfter} s.",
                Extensions = { ["code"] = "rate-limited" },
            },
        });
    }
}
