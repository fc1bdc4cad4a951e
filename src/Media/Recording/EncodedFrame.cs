namespace Live.Media.Recording;

/// <summary>
/// One complete encoded media frame reassembled from RTP: its bytes (valid only during the sink call, since the
/// depacketizer reuses its buffer), the RTP timestamp of its packets and whether a decoder can start from it.
/// </summary>
public readonly ref struct EncodedFrame
{
    /// <summary>Creates a frame view over <paramref name="data"/>.</summary>
    public EncodedFrame(ReadOnlySpan<byte> data, uint rtpTimestamp, bool isKeyFrame)
    {
        Data = data;
        RtpTimestamp = rtpTimestamp;
        IsKeyFrame = isKeyFrame;
    }

    /// <summary>The codec bitstream of the frame; copy it to keep it past the sink call.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The RTP timestamp shared by the packets of the frame.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>The frame decodes without earlier frames (always true for Opus).</summary>
    public bool IsKeyFrame { get; }
}
