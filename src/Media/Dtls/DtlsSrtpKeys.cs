namespace Live.Media.Dtls;

/// <summary>
/// The SRTP master keys and salts a DTLS-SRTP handshake produced, seen from one endpoint: "local" protects what
/// this endpoint sends, "remote" unprotects what it receives.
/// </summary>
public sealed class DtlsSrtpKeys
{
    // RFC 5764 §4.2: the exporter label for DTLS-SRTP keying material.
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private DtlsSrtpKeys(DtlsSrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    /// <summary>The negotiated protection profile.</summary>
    public DtlsSrtpProfile Profile { get; }

    /// <summary>Master key for SRTP/SRTCP this endpoint sends.</summary>
    public ReadOnlyMemory<byte> LocalMasterKey { get; }

    /// <summary>Master salt for SRTP/SRTCP this endpoint sends.</summary>
    public ReadOnlyMemory<byte> LocalMasterSalt { get; }

    /// <summary>Master key for SRTP/SRTCP the peer sends.</summary>
    public ReadOnlyMemory<byte> RemoteMasterKey { get; }

    /// <summary>Master salt for SRTP/SRTCP the peer sends.</summary>
    public ReadOnlyMemory<byte> RemoteMasterSalt { get; }

    /// <summary>
    /// Splits exported keying material laid out as RFC 5764 §4.2 specifies:
    /// client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt | server_write_SRTP_master_salt.
    /// </summary>
    public static bool TryCreate(DtlsSrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isServer, out DtlsSrtpKeys? keys)
    {
        keys = null;
        if (!DtlsSrtpProfiles.IsSupported((int)profile) || keyingMaterial.Length != DtlsSrtpProfiles.KeyingMaterialLength(profile))
            return false;

        var keyLength = DtlsSrtpProfiles.KeyLength(profile);
        var saltLength = DtlsSrtpProfiles.SaltLength(profile);
        var clientKey = keyingMaterial.Slice(0, keyLength).ToArray();
        var serverKey = keyingMaterial.Slice(keyLength, keyLength).ToArray();
        var clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = keyingMaterial.Slice(2 * keyLength + saltLength, saltLength).ToArray();

        keys = isServer
            ? new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
            : new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
        return true;
    }
}
