using System.Diagnostics.CodeAnalysis;

namespace Live.Media.Srtp;

/// <summary>
/// Splits the DTLS exporter output into the two directions' master keys (RFC 5764 §4.2). The DTLS client
/// protects with the client key and salt; the server with the server's; each unprotects with the other's.
/// </summary>
public static class SrtpKeyingMaterial
{
    /// <summary>RFC 5764 §4.2: the exporter label for DTLS-SRTP keying material.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>
    /// Splits <paramref name="material"/> laid out as client_key ‖ server_key ‖ client_salt ‖ server_salt.
    /// Returns false when its length does not match the profile.
    /// </summary>
    /// <param name="profile">The negotiated protection profile.</param>
    /// <param name="material">Exactly <see cref="SrtpProfileParameters.ExportedKeyingMaterialLength"/> octets.</param>
    /// <param name="isDtlsClient">True when this endpoint was the DTLS client.</param>
    /// <param name="local">The key this endpoint protects (sends) with.</param>
    /// <param name="remote">The key this endpoint unprotects (receives) with.</param>
    public static bool TrySplit(
        SrtpProfile profile,
        ReadOnlySpan<byte> material,
        bool isDtlsClient,
        [NotNullWhen(true)] out SrtpMasterKey? local,
        [NotNullWhen(true)] out SrtpMasterKey? remote)
    {
        local = null;
        remote = null;
        if (!SrtpProfileParameters.IsSupported(profile))
        {
            return false;
        }

        var parameters = SrtpProfileParameters.For(profile);
        if (material.Length != parameters.ExportedKeyingMaterialLength)
        {
            return false;
        }

        int keyLength = parameters.MasterKeyLength;
        int saltLength = parameters.MasterSaltLength;
        var clientKey = material.Slice(0, keyLength);
        var serverKey = material.Slice(keyLength, keyLength);
        var clientSalt = material.Slice(2 * keyLength, saltLength);
        var serverSalt = material.Slice(2 * keyLength + saltLength, saltLength);

        var client = new SrtpMasterKey(profile, clientKey, clientSalt);
        var server = new SrtpMasterKey(profile, serverKey, serverSalt);
        (local, remote) = isDtlsClient ? (client, server) : (server, client);
        return true;
    }
}
