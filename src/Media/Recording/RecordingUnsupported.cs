namespace Live.Media.Recording;

/// <summary>
/// Why a negotiated codec cannot be recorded, in words the SFU can surface to the host as is. Use
/// <see cref="TryResolve"/> to map an SDP codec name to a <see cref="RecordingCodec"/> or to this reason.
/// </summary>
public sealed record RecordingUnsupported(string CodecName, string Reason)
{
    /// <summary>The reason given for H264 tracks: we only write WebM, whose video codecs are VP8/VP9/AV1.</summary>
    public const string H264Reason = "H264 recording is not supported; negotiate VP8 to record";

    /// <summary>
    /// Maps an SDP rtpmap encoding name (case-insensitive, e.g. "VP8", "opus", "H264") to a recordable codec; false
    /// with a reason for anything else.
    /// </summary>
    public static bool TryResolve(string codecName, out RecordingCodec codec, out RecordingUnsupported? unsupported)
    {
        ArgumentNullException.ThrowIfNull(codecName);
        codec = default;
        unsupported = null;
        if (codecName.Equals("VP8", StringComparison.OrdinalIgnoreCase))
        {
            codec = RecordingCodec.Vp8;
            return true;
        }

        if (codecName.Equals("opus", StringComparison.OrdinalIgnoreCase))
        {
            codec = RecordingCodec.Opus;
            return true;
        }

        string reason = codecName.Equals("H264", StringComparison.OrdinalIgnoreCase)
            ? H264Reason
            : $"{codecName} recording is not supported; negotiate VP8 or Opus to record";
        unsupported = new RecordingUnsupported(codecName, reason);
        return false;
    }
}
