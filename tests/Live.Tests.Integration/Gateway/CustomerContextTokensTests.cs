using Live.Gateway.Auth;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Live.Tests.Integration.Gateway;

/// <summary>The shop's signed customer context: accepted whole or refused whole, each refusal with its reason and counted.</summary>
public sealed class CustomerContextTokensTests
{
    private const string Key = "a-shop-key-that-is-long-enough-for-hs256-0123";
    private const string Session = "s-123";
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
    private static readonly long InAnHour = Now.AddHours(1).ToUnixTimeSeconds();

    private static CustomerContextTokens Tokens(string key = Key) =>
        new(Options.Create(new CustomerContextOptions { SigningKey = key }), new FakeTimeProvider(Now));

    private static string Claims(long exp, string extra = "") =>
        $$"""{"exp":{{exp}},"name":"Casey Doe","company":"Acme","crmId":"CRM-42","cartValue":1234.5,"currency":"eur","page":"https://shop.example/gifts","note":"Prefers email"{{extra}}}""";

    [Fact]
    public void Verify_Signed_AllFieldsAndCurrencyUpperCased()
    {
        var result = Tokens().Verify(CustomerContextSigner.Sign(Claims(InAnHour), Key), Session);

        Assert.Equal(new CustomerContext("Casey Doe", "Acme", "CRM-42", 1234.5m, "EUR", "https://shop.example/gifts", "Prefers email"), result.Context);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void Verify_UnknownFields_IgnoredAndNotKept()
    {
        var result = Tokens().Verify(CustomerContextSigner.Sign(Claims(InAnHour, ""","tier":"gold","tags":["a"]"""), Key), Session);

        Assert.Equal("Casey Doe", result.Context?.Name);
    }

    [Fact]
    public void Verify_SidOfThisSession_Accepted_OfAnother_Refused()
    {
        Assert.NotNull(Tokens().Verify(CustomerContextSigner.Sign(Claims(InAnHour, $$""","sid":"{{Session}}" """), Key), Session).Context);
        Assert.Equal(CustomerContextTokens.WrongSession, Tokens().Verify(CustomerContextSigner.Sign(Claims(InAnHour, ""","sid":"other" """), Key), Session).Reason);
    }

    public static TheoryData<string, string> Refused() => new()
    {
        { "tampered", CustomerContextTokens.BadSignature },
        { "wrong-key", CustomerContextTokens.BadSignature },
        { "expired", CustomerContextTokens.Expired },
        { "no-exp", CustomerContextTokens.InvalidClaims },
        { "oversized", CustomerContextTokens.TooLarge },
        { "not-base64", CustomerContextTokens.Malformed },
        { "no-signature", CustomerContextTokens.Malformed },
        { "three-parts", CustomerContextTokens.Malformed },
        { "not-json", CustomerContextTokens.Malformed },
        { "json-array", CustomerContextTokens.Malformed },
        { "exp-as-text", CustomerContextTokens.Malformed },
        { "note-too-long", CustomerContextTokens.InvalidClaims },
        { "negative-cart", CustomerContextTokens.InvalidClaims },
        { "no-fields", CustomerContextTokens.InvalidClaims },
        { "empty", CustomerContextTokens.Malformed },
    };

    [Theory, MemberData(nameof(Refused))]
    public void Verify_BadToken_RefusedWithItsReasonAndCounted(string kind, string reason)
    {
        var valid = CustomerContextSigner.Sign(Claims(InAnHour), Key);
        var token = kind switch
        {
            "tampered" => Tamper(valid),
            "wrong-key" => CustomerContextSigner.Sign(Claims(InAnHour), "another-shop-key-that-is-long-enough-0123456"),
            // Past the 30 s of clock skew allowed.
            "expired" => CustomerContextSigner.Sign(Claims(Now.AddSeconds(-31).ToUnixTimeSeconds()), Key),
            "no-exp" => CustomerContextSigner.Sign("""{"name":"Casey"}""", Key),
            "oversized" => CustomerContextSigner.Sign(Claims(InAnHour, $$""","pad":"{{new string('x', CustomerContextTokens.MaxTokenLength)}}" """), Key),
            "not-base64" => "!!!." + valid.Split('.')[1],
            "no-signature" => valid.Split('.')[0],
            "three-parts" => valid + ".AAAA",
            "not-json" => CustomerContextSigner.Sign("name=Casey", Key),
            "json-array" => CustomerContextSigner.Sign("[1,2]", Key),
            "exp-as-text" => CustomerContextSigner.Sign(Claims(InAnHour).Replace($"\"exp\":{InAnHour}", "\"exp\":\"soon\""), Key),
            "note-too-long" => CustomerContextSigner.Sign($$"""{"exp":{{InAnHour}},"note":"{{new string('n', CustomerContext.MaxNoteLength + 1)}}"}""", Key),
            "negative-cart" => CustomerContextSigner.Sign($$"""{"exp":{{InAnHour}},"cartValue":-1}""", Key),
            "no-fields" => CustomerContextSigner.Sign($$"""{"exp":{{InAnHour}}}""", Key),
            "empty" => "",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var counted = CustomerContextTokens.Refused.WithLabels(reason).Value;

        var result = Tokens().Verify(token, Session);

        Assert.Null(result.Context);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.True(CustomerContextTokens.Refused.WithLabels(reason).Value > counted);
    }

    [Fact]
    public void Verify_NoKeyConfigured_EverythingRefusedAsDisabled()
    {
        var result = Tokens(key: "").Verify(CustomerContextSigner.Sign(Claims(InAnHour), ""), Session);

        Assert.Null(result.Context);
        Assert.Equal(CustomerContextTokens.Disabled, result.Reason);
    }

    [Theory, InlineData("", null), InlineData("short", "32 bytes"), InlineData(Key, null)]
    public void Problem_Key_EmptyOrLongEnough(string key, string? problem)
    {
        var said = new CustomerContextOptions { SigningKey = key }.Problem();
        if (problem is null) Assert.Null(said); else Assert.Contains(problem, said);
    }

    /// <summary>The token's signature on a payload with a bigger cart: well-formed, no longer what the shop signed.</summary>
    private static string Tamper(string token) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(Claims(InAnHour).Replace("1234.5", "99999")))
        + token[token.IndexOf('.')..];
}
