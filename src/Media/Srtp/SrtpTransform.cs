namespace Live.Media.Srtp;

/// <summary>
/// The cryptographic half of SRTP for one profile: given a parsed packet and its index, encrypt and tag or
/// verify and decrypt in place. Index estimation, replay and per-SSRC state live in <see cref="SrtpContext"/>.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>RFC 3711 §3.4: the E flag is the top bit of the SRTCP index word.</summary>
    public const uint SrtcpEncryptedFlag = 0x8000_0000;

    /// <summary>RFC 3711 §3.4: the SRTCP index is 31 bits.</summary>
    public const uint SrtcpIndexMask = 0x7FFF_FFFF;

    /// <summary>RFC 3711 §3.4: the first 8 octets of RTCP (header and sender SSRC) stay in the clear.</summary>
    public const int RtcpClearHeaderLength = 8;

    public static SrtpTransform Create(SrtpSessionKeys keys) => keys.Profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => new AesCmHmacSha1Transform(keys),
        SrtpProfile.AeadAes128Gcm => new AesGcmTransform(keys),
        _ => throw new ArgumentOutOfRangeException(nameof(keys), keys.Profile, "Unsupported SRTP protection profile."),
    };

    /// <summary>Octets of tag appended to SRTP and SRTCP packets.</summary>
    public abstract int TagLength { get; }

    /// <summary>Octets appended to SRTCP: the tag plus the E‖index word.</summary>
    public int RtcpTrailerLength => TagLength + SrtpProfileParameters.SrtcpIndexLength;

    /// <summary>Encrypts and tags; <paramref name="packet"/> spans header, payload and room for the tag.</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>Verifies and decrypts; <paramref name="packet"/> spans header, payload and tag. False when the tag fails.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts, writes E‖index and the tag; <paramref name="packet"/> spans the RTCP packet and the trailer room.</summary>
    public abstract void ProtectRtcp(Span<byte> packet, uint ssrc, uint index);

    /// <summary>Where the E‖index word sits in a protected SRTCP packet of <paramref name="protectedLength"/> octets.</summary>
    public abstract int GetSrtcpIndexOffset(int protectedLength);

    /// <summary>Verifies and (when <paramref name="encrypted"/>) decrypts a whole protected SRTCP packet.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();
}
