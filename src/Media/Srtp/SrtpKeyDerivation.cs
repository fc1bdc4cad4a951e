namespace Live.Media.Srtp;

/// <summary>
/// The RFC 3711 §4.3 key derivation: session keys are AES-CM keystream under the master key, started at
/// (master_salt XOR label‖index DIV kdr) · 2^16. Only key_derivation_rate 0 is supported (derive once),
/// which is what DTLS-SRTP uses (RFC 5764 §4.1.2 leaves kdr at its default of 0).
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>RFC 3711 §4.3.1: label for the SRTP encryption key.</summary>
    public const byte SrtpEncryptionLabel = 0x00;

    /// <summary>RFC 3711 §4.3.1: label for the SRTP authentication key.</summary>
    public const byte SrtpAuthenticationLabel = 0x01;

    /// <summary>RFC 3711 §4.3.1: label for the SRTP salt.</summary>
    public const byte SrtpSaltLabel = 0x02;

    /// <summary>RFC 3711 §4.3.2: label for the SRTCP encryption key.</summary>
    public const byte SrtcpEncryptionLabel = 0x03;

    /// <summary>RFC 3711 §4.3.2: label for the SRTCP authentication key.</summary>
    public const byte SrtcpAuthenticationLabel = 0x04;

    /// <summary>RFC 3711 §4.3.2: label for the SRTCP salt.</summary>
    public const byte SrtcpSaltLabel = 0x05;

    // RFC 3711 §4.3.1: key_id = label ‖ (index DIV kdr) is 56 bits, right-aligned against the 112-bit salt,
    // so the label lands on octet 7 and (index DIV kdr), zero for kdr 0, on octets 8..13.
    private const int LabelOffset = 7;
    private const int PrfSaltLength = 14;

    /// <summary>
    /// Fills <paramref name="output"/> with the PRF output for <paramref name="label"/> (RFC 3711 §4.3.3, AES-CM PRF).
    /// </summary>
    /// <param name="masterKey">The AES master key.</param>
    /// <param name="masterSalt">
    /// The master salt: 14 octets for RFC 3711 profiles; RFC 7714's 12-octet salt is zero-padded on the right
    /// to 14, as libSRTP and browsers do (RFC 7714 §11 reuses the RFC 3711 KDF unchanged).
    /// </param>
    /// <param name="label">One of the label constants.</param>
    /// <param name="output">Receives the derived key, salt or auth key; any length.</param>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > PrfSaltLength)
        {
            throw new ArgumentException("The master salt is longer than 112 bits.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[LabelOffset] ^= label;

        using var prf = new AesCounterMode(masterKey);
        prf.GenerateKeystream(iv, output);
    }
}
