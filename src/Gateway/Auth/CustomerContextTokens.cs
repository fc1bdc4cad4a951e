using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Live.Sessions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Live.Gateway.Auth;

/// <summary>
/// Verifies the customer-context tokens a shop's backend signs: <c>base64url(JSON) "." base64url(HMAC-SHA256(key, first
/// part))</c>, at most <see cref="MaxTokenLength"/> characters, with an <c>exp</c> (Unix seconds) and optionally a
/// <c>sid</c> binding it to one session. A token is accepted whole or refused whole, and every refusal is counted by reason.
/// Fields the gateway does not know are ignored (a shop may send more than this version shows) and never stored.
/// </summary>
public sealed class CustomerContextTokens(IOptions<CustomerContextOptions> options, TimeProvider clock)
{
    /// <summary>Longest token accepted: it travels in a link, and 2 KB keeps the link under every browser's limit.</summary>
    public const int MaxTokenLength = 2048;

    /// <summary>Clock difference tolerated between the shop's backend and the gateway, as for join tokens.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public const string Disabled = "disabled";
    public const string TooLarge = "too-large";
    public const string Malformed = "malformed";
    public const string BadSignature = "bad-signature";
    public const string Expired = "expired";
    public const string WrongSession = "wrong-session";
    public const string InvalidClaims = "invalid-claims";

    private static readonly string[] Reasons = [Disabled, TooLarge, Malformed, BadSignature, Expired, WrongSession, InvalidClaims];

    public static readonly Counter Refused = Metrics.CreateCounter(
        "live_gateway_customer_context_refusals_total",
        "Customer-context tokens the gateway refused, by reason (disabled, too-large, malformed, bad-signature, expired, wrong-session, invalid-claims).",
        new CounterConfiguration { LabelNames = ["reason"] });

    /// <summary>Publishes every reason at zero when the gateway starts, so the first refusal is an increase alerts see.</summary>
    public static void PublishMetrics()
    {
        foreach (var reason in Reasons) Refused.WithLabels(reason).Publish();
    }

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.SigningKey);

    /// <summary>The context a token carries for <paramref name="sessionId"/>; a refusal names its reason and says what is wrong.</summary>
    public CustomerContextResult Verify(string? token, string sessionId)
    {
        var result = Check(token, sessionId);
        if (result.Context is null) Refused.WithLabels(result.Reason!).Inc();
        return result;
    }

    private CustomerContextResult Check(string? token, string sessionId)
    {
        if (_key.Length == 0) return Refuse(Disabled, "This server does not accept customer context.");
        if (string.IsNullOrEmpty(token)) return Refuse(Malformed, "The customer context is empty.");
        if (token.Length > MaxTokenLength) return Refuse(TooLarge, $"The customer context is too large (at most {MaxTokenLength} characters).");
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.')) return Refuse(Malformed, "The customer context is not a signed token.");
        var payloadText = token.AsSpan(0, dot);
        if (!TryDecode(payloadText, out var payload) || !TryDecode(token.AsSpan(dot + 1), out var signature))
            return Refuse(Malformed, "The customer context is not base64url.");

        // Signature first: nothing in an unsigned payload is read, not even to say what is wrong with it.
        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payloadText.ToString()));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return Refuse(BadSignature, "The customer context is not signed by this shop.");

        CustomerContextClaims? claims;
        try { claims = JsonSerializer.Deserialize<CustomerContextClaims>(payload, JsonOptions); }
        catch (JsonException) { return Refuse(Malformed, "The customer context is not valid JSON."); }
        if (claims is null) return Refuse(Malformed, "The customer context is not a JSON object.");

        if (claims.Exp is not { } exp) return Refuse(InvalidClaims, "The customer context has no exp.");
        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(exp, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds())) + ClockSkew < clock.GetUtcNow())
            return Refuse(Expired, "The customer context has expired.");
        if (claims.Sid is { } sid && sid != sessionId) return Refuse(WrongSession, "The customer context is for another session.");

        var context = claims.ToContext();
        if (context.Problem() is { } problem) return Refuse(InvalidClaims, problem);
        return new CustomerContextResult(context, null, null);
    }

    private static CustomerContextResult Refuse(string reason, string message) => new(null, reason, message);

    private static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.IsEmpty || !Base64Url.IsValid(text, out var length)) return false;
        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { MaxDepth = 4 };

    /// <summary>The token's JSON; names are camelCase (<c>crmId</c>, <c>cartValue</c>).</summary>
    private sealed record CustomerContextClaims(
        long? Exp, string? Sid, string? Name, string? Company, string? CrmId, decimal? CartValue, string? Currency, string? Page, string? Note)
    {
        public CustomerContext ToContext() =>
            new(Clean(Name), Clean(Company), Clean(CrmId), CartValue, Clean(Currency)?.ToUpperInvariant(), Clean(Page), Clean(Note));

        private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}

/// <summary>Either a verified <see cref="Context"/>, or a refusal's <see cref="Reason"/> (a metric label) and <see cref="Message"/>.</summary>
public sealed record CustomerContextResult(CustomerContext? Context, string? Reason, string? Message);
