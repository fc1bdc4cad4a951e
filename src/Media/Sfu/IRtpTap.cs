using Live.Media.Rtp;

namespace Live.Media.Sfu;

/// <summary>
/// Sees every plain (decrypted) RTP packet a producer receives, in the router's packet lane, before it is forwarded; the
/// recording taps it. Repairs (RTX) are not shown. Implementations must not block, allocate per packet or throw.
/// </summary>
public interface IRtpTap
{
    /// <summary>True while the tap can only use a keyframe; the SFU then asks the publisher for one (rate limited).</summary>
    bool WantsKeyFrame { get; }

    /// <summary>One packet; its bytes are valid only during the call.</summary>
    void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header);
}
