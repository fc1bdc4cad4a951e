namespace Live.Grains.Webhooks;

/// <summary>Exponential backoff with jitter between delivery attempts.</summary>
public static class WebhookBackoff
{
    /// <summary>
    /// The wait after failed attempt number <paramref name="attempts"/> (1-based): the first delay doubled per attempt, capped,
    /// then drawn from its upper half, so receivers that failed together (an outage) are not retried in lockstep.
    /// </summary>
    public static TimeSpan After(int attempts, WebhookOptions options, Random random)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var full = Math.Min(options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full / 2 + random.NextDouble() * full / 2);
    }
}
