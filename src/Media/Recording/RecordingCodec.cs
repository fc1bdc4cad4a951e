namespace Live.Media.Recording;

/// <summary>The codecs a track can be recorded in: one WebM file per track, VP8 video or Opus audio.</summary>
public enum RecordingCodec
{
    /// <summary>VP8 video (RFC 7741), Matroska codec ID "V_VP8".</summary>
    Vp8,

    /// <summary>Opus audio (RFC 7587), Matroska codec ID "A_OPUS".</summary>
    Opus,
}
