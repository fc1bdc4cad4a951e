namespace Live.Media.Srtp;

/// <summary>
/// The six session values one direction uses (RFC 3711 §4.3): encryption key, authentication key and salt,
/// once for SRTP and once for SRTCP. AEAD profiles have no authentication keys (empty arrays).
/// </summary>
internal sealed class SrtpSessionKeys
{
    public SrtpSessionKeys(
        SrtpProfile profile,
        byte[] rtpEncryptionKey,
        byte[] rtpAuthenticationKey,
        byte[] rtpSalt,
        byte[] rtcpEncryptionKey,
        byte[] rtcpAuthenticationKey,
        byte[] rtcpSalt)
    {
        Profile = profile;
        RtpEncryptionKey = rtpEncryptionKey;
        RtpAuthenticationKey = rtpAuthenticationKey;
        RtpSalt = rtpSalt;
        RtcpEncryptionKey = rtcpEncryptionKey;
        RtcpAuthenticationKey = rtcpAuthenticationKey;
        RtcpSalt = rtcpSalt;
    }

    public SrtpProfile Profile { get; }

    public byte[] RtpEncryptionKey { get; }

    public byte[] RtpAuthenticationKey { get; }

    public byte[] RtpSalt { get; }

    public byte[] RtcpEncryptionKey { get; }

    public byte[] RtcpAuthenticationKey { get; }

    public byte[] RtcpSalt { get; }

    /// <summary>Derives all six values from <paramref name="master"/> with kdr 0.</summary>
    public static SrtpSessionKeys Derive(SrtpMasterKey master)
    {
        var parameters = SrtpProfileParameters.For(master.Profile);
        byte[] Make(byte label, int length)
        {
            var value = new byte[length];
            SrtpKeyDerivation.Derive(master.Key, master.Salt, label, value);
            return value;
        }

        return new SrtpSessionKeys(
            master.Profile,
            Make(SrtpKeyDerivation.SrtpEncryptionLabel, parameters.MasterKeyLength),
            Make(SrtpKeyDerivation.SrtpAuthenticationLabel, parameters.SessionAuthKeyLength),
            Make(SrtpKeyDerivation.SrtpSaltLabel, parameters.MasterSaltLength),
            Make(SrtpKeyDerivation.SrtcpEncryptionLabel, parameters.MasterKeyLength),
            Make(SrtpKeyDerivation.SrtcpAuthenticationLabel, parameters.SessionAuthKeyLength),
            Make(SrtpKeyDerivation.SrtcpSaltLabel, parameters.MasterSaltLength));
    }

    /// <summary>Uses the same given session key and salt for SRTP and SRTCP (how RFC 7714's vectors are stated).</summary>
    public static SrtpSessionKeys FromSessionValues(SrtpProfile profile, byte[] encryptionKey, byte[] authenticationKey, byte[] salt) =>
        new(profile, encryptionKey, authenticationKey, salt, encryptionKey, authenticationKey, salt);
}
