namespace Live.Media.Srtp;

/// <summary>
/// The SRTP protection profiles this layer implements, numbered as negotiated by the DTLS use_srtp extension.
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80 = {0x00, 0x01} (RFC 3711 AES-CM with an 80-bit HMAC-SHA1 tag).</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>RFC 7714 §14.2: SRTP_AEAD_AES_128_GCM = {0x00, 0x07} (AES-128-GCM with a 16-octet tag).</summary>
    AeadAes128Gcm = 0x0007,
}
