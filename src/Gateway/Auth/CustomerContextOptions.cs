namespace Live.Gateway.Auth;

/// <summary>The key shops sign customer-context tokens with (section <c>Live:CustomerContext</c>). No key: the feature is off.</summary>
public sealed class CustomerContextOptions
{
    public const string Section = "Live:CustomerContext";

    /// <summary>
    /// HMAC-SHA256 secret shared with the shop's backend, at least 32 bytes of text. Empty (the default): every context
    /// token is refused, since nothing could tell a shop's claims from a customer's own.
    /// </summary>
    public string SigningKey { get; set; } = "";

    public bool Enabled => SigningKey.Length > 0;

    /// <summary>Says what is wrong, or null.</summary>
    public string? Problem() =>
        Enabled && System.Text.Encoding.UTF8.GetByteCount(SigningKey) < AuthOptions.MinSigningKeyBytes
            ? $"Live:CustomerContext:SigningKey must be {AuthOptions.MinSigningKeyBytes} bytes or more (or empty to turn customer context off)."
            : null;
}
