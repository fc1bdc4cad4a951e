using System.Buffers;
using System.Security.Cryptography;

namespace Live.Media.Ice;

/// <summary>
/// An ICE username fragment and password pair (the SDP a=ice-ufrag and a=ice-pwd). <see cref="Generate"/> makes a
/// fresh random pair for a transport or an ICE restart.
/// </summary>
public sealed record IceCredentials
{
    // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; 64 symbols, so 6 bits of randomness per character.
    public const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // RFC 8839 §5.4: ufrag 4-256 characters, password 22-256 characters.
    public const int MinUfragLength = 4;
    public const int MinPasswordLength = 22;
    public const int MaxLength = 256;

    // RFC 8445 §5.3 asks for at least 24 random bits in the ufrag and 128 in the password. The ufrag gets 48 bits
    // because the SFU also uses it to route a first check on the shared port to its transport, so it must not collide.
    public const int GeneratedUfragLength = 8;
    public const int GeneratedPasswordLength = 24;

    private static readonly SearchValues<char> IceCharSet = SearchValues.Create(IceChars);

    public IceCredentials(string ufrag, string password)
    {
        Ufrag = Validate(ufrag, MinUfragLength, nameof(ufrag));
        Password = Validate(password, MinPasswordLength, nameof(password));
    }

    public string Ufrag { get; }

    public string Password { get; }

    public static IceCredentials Generate() => new(
        RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
        RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>True when every character is an ice-char and the length is within RFC 8839 §5.4 bounds.</summary>
    public static bool IsValid(string? value, int minLength) =>
        value is not null
        && value.Length >= minLength
        && value.Length <= MaxLength
        && AreIceChars(value);

    public static bool AreIceChars(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(IceCharSet);

    // The password stays out of logs.
    public override string ToString() => $"ufrag={Ufrag}";

    private static string Validate(string value, int minLength, string name) =>
        IsValid(value, minLength)
            ? value
            : throw new ArgumentException($"An ICE {name} is {minLength}-{MaxLength} ice-chars (RFC 8839 §5.4).", name);
}
