namespace Live.Media.Dtls;

/// <summary>Key sizes and server preference order of the supported <see cref="DtlsSrtpProfile"/> values.</summary>
public static class DtlsSrtpProfiles
{
    /// <summary>Server preference, best first: GCM authenticates with less overhead and no separate HMAC pass.</summary>
    public static ReadOnlySpan<DtlsSrtpProfile> Preference => [DtlsSrtpProfile.AeadAes128Gcm, DtlsSrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>Master key length in bytes (RFC 5764 §4.1.2, RFC 7714 §12: 128-bit AES for both).</summary>
    public static int KeyLength(DtlsSrtpProfile profile) => profile switch
    {
        DtlsSrtpProfile.Aes128CmHmacSha1_80 => 16,
        DtlsSrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, null),
    };

    /// <summary>Master salt length in bytes: 112 bits for AES-CM (RFC 3711 §8.2), 96 bits for GCM (RFC 7714 §12).</summary>
    public static int SaltLength(DtlsSrtpProfile profile) => profile switch
    {
        DtlsSrtpProfile.Aes128CmHmacSha1_80 => 14,
        DtlsSrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, null),
    };

    /// <summary>Whether <paramref name="code"/> is a profile this server can select.</summary>
    public static bool IsSupported(int code) =>
        code is (int)DtlsSrtpProfile.Aes128CmHmacSha1_80 or (int)DtlsSrtpProfile.AeadAes128Gcm;

    /// <summary>
    /// Picks the server's most preferred profile among those the client offered (RFC 5764 §4.1.1: the server
    /// selects one of the client's profiles). False when nothing offered is supported.
    /// </summary>
    public static bool TrySelect(ReadOnlySpan<int> offered, out DtlsSrtpProfile selected)
    {
        foreach (var candidate in Preference)
        {
            if (offered.Contains((int)candidate))
            {
                selected = candidate;
                return true;
            }
        }

        selected = default;
        return false;
    }

    /// <summary>Bytes to export for the profile: RFC 5764 §4.2, 2 * (key + salt).</summary>
    public static int KeyingMaterialLength(DtlsSrtpProfile profile) => 2 * (KeyLength(profile) + SaltLength(profile));
}
