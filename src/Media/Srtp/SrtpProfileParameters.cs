namespace Live.Media.Srtp;

/// <summary>
/// The key, salt and tag sizes of one <see cref="SrtpProfile"/>, in octets. Everything that depends on the
/// profile's sizes asks this record, so a new profile is one more row in <see cref="For"/>.
/// </summary>
/// <param name="MasterKeyLength">Length of the master key (and of the derived session encryption key).</param>
/// <param name="MasterSaltLength">Length of the master salt (and of the derived session salt).</param>
/// <param name="SessionAuthKeyLength">Length of the derived HMAC key; 0 for AEAD profiles.</param>
/// <param name="AuthTagLength">Length of the tag appended to every SRTP and SRTCP packet.</param>
public readonly record struct SrtpProfileParameters(
    int MasterKeyLength,
    int MasterSaltLength,
    int SessionAuthKeyLength,
    int AuthTagLength)
{
    // RFC 3711 §4.3.3 / §5: 128-bit AES key, 112-bit salt, 160-bit HMAC-SHA1 key, 80-bit tag.
    private static readonly SrtpProfileParameters AesCm128HmacSha1_80 = new(16, 14, 20, 10);

    // RFC 7714 §14.2: 128-bit key, 96-bit salt, 16-octet GCM tag, no separate auth key.
    private static readonly SrtpProfileParameters AeadAes128Gcm = new(16, 12, 0, 16);

    /// <summary>RFC 3711 §3.4: the E flag and 31-bit SRTCP index travel in one 32-bit word.</summary>
    public const int SrtcpIndexLength = 4;

    /// <summary>Octets added to an RTP packet by protection.</summary>
    public int RtpOverhead => AuthTagLength;

    /// <summary>Octets added to an RTCP packet by protection (the E‖index word plus the tag).</summary>
    public int RtcpOverhead => AuthTagLength + SrtcpIndexLength;

    /// <summary>Octets of keying material one DTLS exporter call must produce (RFC 5764 §4.2: two keys, two salts).</summary>
    public int ExportedKeyingMaterialLength => 2 * (MasterKeyLength + MasterSaltLength);

    /// <summary>Returns the sizes for <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not one this layer implements.</exception>
    public static SrtpProfileParameters For(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => AesCm128HmacSha1_80,
        SrtpProfile.AeadAes128Gcm => AeadAes128Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
    };

    /// <summary>True when <paramref name="profile"/> is implemented here (for filtering a peer's use_srtp offer).</summary>
    public static bool IsSupported(SrtpProfile profile) =>
        profile is SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AeadAes128Gcm;
}
