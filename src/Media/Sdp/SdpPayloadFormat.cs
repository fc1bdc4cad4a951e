namespace Live.Media.Sdp;

/// <summary>Everything a media section says about one payload type: its rtpmap, fmtp and rtcp-fb lines.</summary>
public sealed record SdpPayloadFormat(int PayloadType, SdpRtpMap? RtpMap, SdpFmtp? Fmtp, IReadOnlyList<SdpRtcpFeedback> Feedback)
{
    /// <summary>The encoding name, or null for a static payload type without rtpmap.</summary>
    public string? EncodingName => RtpMap?.EncodingName;

    /// <summary>For an RTX format (RFC 4588 §8.6), the payload type it repairs (fmtp apt=), else null.</summary>
    public int? AssociatedPayloadType =>
        int.TryParse(Fmtp?.GetParameter("apt"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int apt)
            ? apt
            : null;
}
