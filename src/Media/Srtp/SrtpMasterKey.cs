namespace Live.Media.Srtp;

/// <summary>
/// One direction's master key and master salt (RFC 3711 §3.2.1), as produced by the DTLS-SRTP exporter.
/// The bytes are copied in and never exposed mutably.
/// </summary>
public sealed class SrtpMasterKey
{
    private readonly byte[] _key;
    private readonly byte[] _salt;

    /// <summary>Copies <paramref name="key"/> and <paramref name="salt"/>; their lengths must match <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentException">A length does not match the profile.</exception>
    public SrtpMasterKey(SrtpProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        var parameters = SrtpProfileParameters.For(profile);
        if (key.Length != parameters.MasterKeyLength)
        {
            throw new ArgumentException($"{profile} needs a {parameters.MasterKeyLength}-octet master key.", nameof(key));
        }

        if (salt.Length != parameters.MasterSaltLength)
        {
            throw new ArgumentException($"{profile} needs a {parameters.MasterSaltLength}-octet master salt.", nameof(salt));
        }

        Profile = profile;
        _key = key.ToArray();
        _salt = salt.ToArray();
    }

    /// <summary>The profile these lengths were checked against.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>The master key.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The master salt.</summary>
    public ReadOnlySpan<byte> Salt => _salt;
}
