namespace Live.Gateway.Turn;

/// <summary>
/// The TURN relay browsers fall back on when UDP to the silo is blocked (section <c>Live:Turn</c>). The gateway mints
/// short-lived credentials with the relay's shared secret (the TURN REST API scheme coturn implements with
/// <c>use-auth-secret</c>); no static TURN password exists anywhere. Unset: no relay, browsers get no ICE servers.
/// </summary>
public sealed class TurnOptions
{
    public const string Section = "Live:Turn";

    /// <summary>
    /// One day: the time-to-live draft-uberti-behave-turn-rest-00 §2.2 recommends. A credential outliving a session is
    /// harmless (it names one participant and is useless after its expiry); a shorter one could expire mid-session and
    /// stop the relay from refreshing its allocation.
    /// </summary>
    public static readonly TimeSpan DefaultCredentialLifetime = TimeSpan.FromDays(1);

    /// <summary>The shared secret, the relay's <c>static-auth-secret</c>. Empty: no relay.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The relay's URLs, for example <c>turn:turn.example.com:3478?transport=udp</c>, <c>turns:turn.example.com:5349?transport=tcp</c>.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>How long a minted credential is valid; never past the expiry of the invite it is minted for.</summary>
    public TimeSpan CredentialLifetime { get; set; } = DefaultCredentialLifetime;

    /// <summary>Whether a relay is configured.</summary>
    public bool Enabled => !string.IsNullOrEmpty(Secret);

    /// <summary>Says what is wrong, or null. <paramref name="inviteLifetime"/> caps the credential lifetime.</summary>
    public string? Problem(TimeSpan inviteLifetime)
    {
        if (!Enabled) return Urls.Count > 0 ? "Live:Turn:Urls is set but Live:Turn:Secret is not: set both (the relay's static-auth-secret) or neither." : null;
        if (System.Text.Encoding.UTF8.GetByteCount(Secret) < MinSecretBytes) return $"Live:Turn:Secret must have {MinSecretBytes} bytes or more.";
        if (Urls.Count == 0) return "Live:Turn:Urls must list the relay's turn: and turns: URLs.";
        if (Urls.FirstOrDefault(u => !IsTurnUrl(u)) is { } bad) return $"Live:Turn:Urls: '{bad}' is not a turn: or turns: URL (RFC 7065).";
        if (CredentialLifetime <= TimeSpan.Zero || CredentialLifetime > inviteLifetime)
            return "Live:Turn:CredentialLifetime must be positive and no longer than Live:Auth:InviteLifetime.";
        return null;
    }

    /// <summary>The HMAC-SHA1 key should be as long as its output (RFC 2104 §3: less than 20 bytes is strongly discouraged).</summary>
    public const int MinSecretBytes = 20;

    // RFC 7065 §3.1: turnURI = scheme ":" host [ ":" port ] [ "?transport=" transport ].
    private static bool IsTurnUrl(string url) =>
        (url.StartsWith("turn:", StringComparison.Ordinal) || url.StartsWith("turns:", StringComparison.Ordinal))
        && url.Length < 256 && !url.Any(char.IsWhiteSpace) && url.IndexOf(':') + 1 < url.Length;
}
