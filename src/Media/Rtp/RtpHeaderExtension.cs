namespace Live.Media.Rtp;

/// <summary>One RFC 8285 header extension element: its local ID, its data, and where that data sits in the packet.</summary>
public readonly ref struct RtpHeaderExtension
{
    /// <summary>Creates an element view.</summary>
    public RtpHeaderExtension(byte id, ReadOnlySpan<byte> data, int offset)
    {
        Id = id;
        Data = data;
        Offset = offset;
    }

    /// <summary>The local identifier negotiated with a=extmap.</summary>
    public byte Id { get; }

    /// <summary>The element's data bytes.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Offset of <see cref="Data"/> in the packet, for in-place rewriting.</summary>
    public int Offset { get; }
}
