using Live.Gateway.Turn;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Live.Tests.Integration.Gateway;

/// <summary>TURN REST API credentials (draft-uberti-behave-turn-rest-00 §2.2), as coturn's use-auth-secret checks them.</summary>
[Trait("Category", "Grain")]
public sealed class TurnCredentialsTests
{
    private const string Secret = "north-wind-shared-secret-2026";
    private static readonly DateTimeOffset Now = new(2025, 12, 7, 11, 0, 0, TimeSpan.Zero);

    private static TurnCredentials Credentials(TimeSpan lifetime, params string[] urls) =>
        new(Options.Create(new TurnOptions { Secret = Secret, Urls = [.. urls], CredentialLifetime = lifetime }), new FakeTimeProvider(Now));

    [Fact]
    public void Password_KnownUsername_MatchesOpenSslHmacSha1()
    {
        // echo -n "1765108800:riley" | openssl dgst -sha1 -hmac "north-wind-shared-secret-2026" -binary | base64
        Assert.Equal("WNC7JbxDXsL2NCLi8zmwq56XMbg=", TurnCredentials.Password(Secret, "1765108800:riley"));
    }

    [Fact]
    public void For_InviteOutlivesTheLifetime_ExpiresAfterTheLifetime()
    {
        var servers = Credentials(TimeSpan.FromHours(1), "turn:relay.example:3478?transport=udp", "turns:relay.example:5349?transport=tcp")
            .For("riley", notAfter: Now.AddDays(7));

        var server = Assert.Single(servers);
        Assert.Equal(["turn:relay.example:3478?transport=udp", "turns:relay.example:5349?transport=tcp"], server.Urls);
        Assert.Equal($"{Now.AddHours(1).ToUnixTimeSeconds()}:riley", server.Username);
        Assert.Equal(TurnCredentials.Password(Secret, server.Username), server.Credential);
    }

    [Fact]
    public void For_InviteExpiresFirst_ExpiresWithTheInvite()
    {
        var server = Credentials(TimeSpan.FromDays(1), "turn:relay.example:3478").For("riley", notAfter: Now.AddHours(1)).Single();

        Assert.Equal("1765108800:riley", server.Username); // Now + 1 h, the invite's expiry
        Assert.Equal("WNC7JbxDXsL2NCLi8zmwq56XMbg=", server.Credential);
    }

    [Fact]
    public void For_NoSecret_NoIceServers()
    {
        var credentials = new TurnCredentials(Options.Create(new TurnOptions()), new FakeTimeProvider(Now));

        Assert.Empty(credentials.For("riley", Now.AddDays(1)));
    }

    [Theory]
    [InlineData("", "turn:relay.example:3478", 1, "Secret is not")]
    [InlineData("", "", 1, null)]
    [InlineData(Secret, "turn:relay.example:3478", 1, null)]
    [InlineData(Secret, "turns:relay.example:5349?transport=tcp", 168, null)]
    [InlineData("short", "turn:relay.example:3478", 1, "20 bytes")]
    [InlineData(Secret, "", 1, "Urls must list")]
    [InlineData(Secret, "stun:relay.example:3478", 1, "not a turn")]
    [InlineData(Secret, "turn:relay.example:3478", 169, "no longer than")]
    [InlineData(Secret, "turn:relay.example:3478", 0, "positive")]
    public void Problem_Settings_SaysWhatIsWrong(string secret, string url, int lifetimeHours, string? problem)
    {
        var options = new TurnOptions { Secret = secret, Urls = url.Length > 0 ? [url] : [], CredentialLifetime = TimeSpan.FromHours(lifetimeHours) };

        var found = options.Problem(inviteLifetime: TimeSpan.FromDays(7));

        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }
}
