namespace Live.Media.Simulcast;

/// <summary>
/// The fields a simulcast consumer rewrites in one outgoing packet beyond SSRC, sequence number and payload type: the
/// timestamp and, for VP8, the PictureID and TL0PICIDX (-1: leave the field as it is). <c>default</c> rewrites nothing,
/// which is what a consumer of a single-stream producer passes.
/// </summary>
public readonly struct RtpStreamRewrite
{
    public RtpStreamRewrite(uint timestamp, int pictureId, int tl0PicIdx)
    {
        IsSet = true;
        Timestamp = timestamp;
        PictureId = pictureId;
        Tl0PicIdx = tl0PicIdx;
    }

    /// <summary>False for <c>default</c>: the packet keeps its timestamp and payload descriptor.</summary>
    public bool IsSet { get; }

    public uint Timestamp { get; }

    /// <summary>The PictureID to write (masked to the field's width), or -1.</summary>
    public int PictureId { get; }

    /// <summary>The TL0PICIDX to write, or -1.</summary>
    public int Tl0PicIdx { get; }

    /// <summary>True when a VP8 payload descriptor field is to be written.</summary>
    public bool RewritesVp8 => IsSet && (PictureId >= 0 || Tl0PicIdx >= 0);
}
