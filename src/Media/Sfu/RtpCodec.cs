namespace Live.Media.Sfu;

/// <summary>The codecs the SFU forwards (what <c>SfuAnswerBuilder</c> accepts), plus RTX for retransmissions.</summary>
internal enum RtpCodec : byte
{
    None,
    Opus,
    Vp8,
    H264,
    Rtx,
}
