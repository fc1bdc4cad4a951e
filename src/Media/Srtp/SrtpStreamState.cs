namespace Live.Media.Srtp;

/// <summary>
/// Per-SSRC cryptographic state of one direction: the RTP rollover counter and highest sequence number,
/// the SRTP and SRTCP replay windows, and (when sending) the next SRTCP index.
/// </summary>
internal sealed class SrtpStreamState
{
    public uint RolloverCounter;
    public ushort HighestSequence;
    public bool HasRtp;
    public SrtpReplayWindow RtpReplay;

    public uint NextSrtcpIndex;
    public SrtpReplayWindow RtcpReplay;
}
