using Live.Grains.Webhooks;

namespace Live.Tests.Integration.Grains;

/// <summary>The signature format against a value computed elsewhere (Python's hmac), and the retry schedule's bounds.</summary>
[Trait("Category", "Grain")]
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private const string Body = "{\"id\":\"evt_s1_1\",\"sequence\":1}";
    private const long Timestamp = 1_765_000_000;

    // hmac.new(b'whsec_test-secret', b'1765000000.{"id":"evt_s1_1","sequence":1}', hashlib.sha256).hexdigest()
    private const string ExpectedV1 = "a860e3d18e10ca8fb77c03fa8812969ea2faa8c112e11c57b0af281b08112310";

    [Fact]
    public void Create_MatchesAnIndependentHmac()
    {
        Assert.Equal($"t={Timestamp},v1={ExpectedV1}", WebhookSignature.Create(Secret, Timestamp, Body));
    }

    [Fact]
    public void Verify_AcceptsAnyMatchingV1_RefusesStaleOrMalformed()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
        Assert.True(WebhookSignature.Verify(Secret, $"t={Timestamp},v1=00,v1={ExpectedV1}", Body, at.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify(Secret, $"t={Timestamp},v1={ExpectedV1}", Body, at.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(Secret, $"v1={ExpectedV1}", Body, at));
        Assert.False(WebhookSignature.Verify(Secret, $"t=abc,v1={ExpectedV1}", Body, at));
        Assert.False(WebhookSignature.Verify(Secret, "garbage", Body, at));
    }

    [Fact]
    public void Backoff_DoublesFromTheFirstDelay_CappedWithJitterInTheUpperHalf()
    {
        var options = new WebhookOptions();
        var random = new Random(17);
        for (var attempt = 1; attempt <= 14; attempt++)
        {
            var full = Math.Min(5 * Math.Pow(2, attempt - 1), 3600);
            for (var i = 0; i < 50; i++)
            {
                var wait = WebhookBackoff.After(attempt, options, random).TotalSeconds;
                Assert.InRange(wait, full / 2, full);
            }
        }
    }
}
