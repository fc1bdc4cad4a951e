namespace Live.Media.Dtls;

/// <summary>
/// The SRTP protection profiles this server negotiates through the DTLS use_srtp extension, valued by their
/// IANA "DTLS-SRTP Protection Profiles" code points.
/// </summary>
public enum DtlsSrtpProfile : ushort
{
    /// <summary>RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80 = {0x00, 0x01}.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>RFC 7714 §14.2: SRTP_AEAD_AES_128_GCM = {0x00, 0x07}.</summary>
    AeadAes128Gcm = 0x0007,
}
