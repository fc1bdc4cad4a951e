using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Limits;

/// <summary>
/// The per-address budget of media negotiations made over the hub (<c>Negotiate</c>), shared with the connection
/// check's probe requests through the same options. Hub messages are not HTTP requests, so the endpoint rate limiter
/// never sees them; the hub call filter asks this limiter instead and refuses with <c>rate-limited</c>.
/// </summary>
public sealed class MediaNegotiationLimiter(IOptions<LimitsOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetTokenBucketLimiter(address, _ => ClientRateLimits.Bucket(options.Value.MediaNegotiations)));

    /// <summary>Takes one negotiation from the address's budget; false (and counted) when it is spent.</summary>
    public bool TryAcquire(string address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        if (lease.IsAcquired) return true;
        RefusalMetrics.Refused.WithLabels(RefusalMetrics.MediaNegotiationRate).Inc();
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
