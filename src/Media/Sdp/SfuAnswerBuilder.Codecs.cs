namespace Live.Media.Sdp;

/// <content>Codec selection: which offered payload types the SFU accepts, and their attribute lines.</content>
public static partial class SfuAnswerBuilder
{
    // RFC 7587 §7: Opus is always signalled as opus/48000/2.
    private const int OpusClockRate = 48000;
    private const int OpusChannels = 2;

    // RFC 7741 §6.1, RFC 6184 §8.2.1: video clock rate.
    private const int VideoClockRate = 90000;

    // RFC 6184 §8.1: packetization-mode=1 allows FU-A and STAP-A, which browsers need for large frames.
    private const string NonInterleavedMode = "1";

    // RFC 6184 §8.1: profile_idc 0x42 with constraint_set1 (0xe0) is Constrained Baseline, the profile every browser decodes.
    private const string ConstrainedBaselinePrefix = "42e0";

    private static List<SdpPayloadFormat> SelectCodecs(MediaDescription offered, SfuAnswerOptions options)
    {
        IReadOnlyList<SdpPayloadFormat> formats = offered.GetPayloadFormats();
        var primaries = new List<SdpPayloadFormat>();
        if (offered.Kind == "audio")
        {
            AddIfFound(primaries, formats.FirstOrDefault(f => Is(f, "opus", OpusClockRate) && f.RtpMap!.Channels == OpusChannels));
        }
        else
        {
            AddIfFound(primaries, formats.FirstOrDefault(f => Is(f, "VP8", VideoClockRate)));
            if (options.EnableH264)
            {
                AddIfFound(primaries, formats.Where(f => Is(f, "H264", VideoClockRate)).OrderByDescending(ScoreH264).FirstOrDefault());
            }
        }

        var repairs = new HashSet<int>(primaries.Select(p => p.PayloadType));
        var selected = new List<SdpPayloadFormat>();
        foreach (SdpPayloadFormat format in formats)
        {
            if (primaries.Contains(format))
            {
                selected.Add(format);
            }
            else if (Is(format, "rtx", VideoClockRate) && format.AssociatedPayloadType is int apt && repairs.Remove(apt))
            {
                // RFC 4588 §8.6: one RTX payload type per accepted primary.
                selected.Add(format);
            }
        }

        return selected;
    }

    private static void AddCodecs(MediaDescription section, List<SdpPayloadFormat> codecs, SfuAnswerOptions options)
    {
        foreach (SdpPayloadFormat codec in codecs)
        {
            section.Add("rtpmap", codec.RtpMap!.ToString());
            foreach (SdpRtcpFeedback feedback in codec.Feedback.Where(f => options.RtcpFeedback.Contains(f.Kind)))
            {
                section.Add("rtcp-fb", (feedback with { PayloadType = codec.PayloadType }).ToString());
            }

            if (codec.Fmtp is not null)
            {
                section.Add("fmtp", codec.Fmtp.ToString());
            }
        }
    }

    private static int ScoreH264(SdpPayloadFormat format)
    {
        bool nonInterleaved = format.Fmtp?.GetParameter("packetization-mode") == NonInterleavedMode;
        bool constrainedBaseline = format.Fmtp?.GetParameter("profile-level-id")?.StartsWith(ConstrainedBaselinePrefix, StringComparison.OrdinalIgnoreCase) == true;
        return (nonInterleaved ? 2 : 0) + (constrainedBaseline ? 1 : 0);
    }

    private static bool Is(SdpPayloadFormat format, string name, int clockRate) =>
        format.RtpMap is { } map && map.EncodingName.Equals(name, StringComparison.OrdinalIgnoreCase) && map.ClockRate == clockRate;

    private static void AddIfFound(List<SdpPayloadFormat> list, SdpPayloadFormat? format)
    {
        if (format is not null)
        {
            list.Add(format);
        }
    }
}
