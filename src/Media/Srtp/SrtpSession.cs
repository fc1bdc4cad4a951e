using System.Diagnostics.CodeAnalysis;

namespace Live.Media.Srtp;

/// <summary>
/// Both directions of one DTLS-SRTP association: <see cref="Outbound"/> protects what this endpoint sends,
/// <see cref="Inbound"/> unprotects what it receives. Built from the DTLS exporter output and the DTLS role.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    private SrtpSession(SrtpContext outbound, SrtpContext inbound)
    {
        Outbound = outbound;
        Inbound = inbound;
    }

    /// <summary>Protects packets this endpoint sends (keyed with the local master key).</summary>
    public SrtpContext Outbound { get; }

    /// <summary>Unprotects packets this endpoint receives (keyed with the remote master key).</summary>
    public SrtpContext Inbound { get; }

    /// <summary>
    /// Splits RFC 5764 §4.2 keying material by DTLS role and derives both contexts. False when the material's
    /// length does not match the profile or the profile is unsupported.
    /// </summary>
    public static bool TryCreate(
        SrtpProfile profile,
        ReadOnlySpan<byte> exportedKeyingMaterial,
        bool isDtlsClient,
        [NotNullWhen(true)] out SrtpSession? session)
    {
        session = null;
        if (!SrtpKeyingMaterial.TrySplit(profile, exportedKeyingMaterial, isDtlsClient, out var local, out var remote))
        {
            return false;
        }

        session = new SrtpSession(new SrtpContext(local), new SrtpContext(remote));
        return true;
    }

    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
    }
}
