namespace Live.Media.Sdp;

/// <summary>URIs of the RTP header extensions the SFU negotiates with a=extmap.</summary>
public static class RtpHeaderExtensionUri
{
    /// <summary>RFC 8843 §15.2: the MID of the media section a packet belongs to.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>webrtc.org abs-send-time, used by REMB bandwidth estimation.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: transport-wide sequence number.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 8852 §3.1: RtpStreamId, the simulcast rid of a packet.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 §3.2: RepairedRtpStreamId, the rid an RTX packet repairs.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>RFC 6464: client-to-mixer audio level.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
}
