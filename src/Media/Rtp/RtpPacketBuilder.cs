using System.Buffers.Binary;

namespace Live.Media.Rtp;

/// <summary>
/// Builds RTP packets (RFC 3550 §5.1) with RFC 8285 header extensions. Reusable: <see cref="Reset"/> keeps its buffers,
/// so a long-lived builder writes packets without allocating. Extensions use the one-byte form when every element
/// fits it (IDs 1–14, 1–16 bytes), otherwise the two-byte form.
/// </summary>
public sealed class RtpPacketBuilder
{
    private const int ExtensionElementCapacity = 16;
    private readonly List<uint> _csrcs = [];
    private readonly List<(byte Id, int Offset, int Length)> _extensions = new(ExtensionElementCapacity);
    private byte[] _extensionData = new byte[64];
    private int _extensionDataLength;

    /// <summary>The marker bit.</summary>
    public bool Marker { get; set; }

    /// <summary>The 7-bit payload type.</summary>
    public byte PayloadType { get; set; }

    /// <summary>The sequence number.</summary>
    public ushort SequenceNumber { get; set; }

    /// <summary>The timestamp.</summary>
    public uint Timestamp { get; set; }

    /// <summary>The SSRC.</summary>
    public uint Ssrc { get; set; }

    /// <summary>The payload bytes.</summary>
    public ReadOnlyMemory<byte> Payload { get; set; }

    /// <summary>Padding bytes to append (0, or 1–255 including the count octet).</summary>
    public int PaddingLength { get; set; }

    /// <summary>Adds a contributing source (at most 15).</summary>
    public void AddCsrc(uint csrc)
    {
        if (_csrcs.Count == RtpHeader.CsrcCountMask)
        {
            throw new InvalidOperationException("RFC 3550 §5.1 allows at most 15 CSRCs.");
        }

        _csrcs.Add(csrc);
    }

    /// <summary>Adds a header extension element with local <paramref name="id"/> (1–255).</summary>
    public void AddExtension(byte id, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfZero(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, RtpExtensionProfile.TwoByteMaxLength);
        if (_extensionDataLength + data.Length > _extensionData.Length)
        {
            Array.Resize(ref _extensionData, Math.Max(_extensionData.Length * 2, _extensionDataLength + data.Length));
        }

        data.CopyTo(_extensionData.AsSpan(_extensionDataLength));
        _extensions.Add((id, _extensionDataLength, data.Length));
        _extensionDataLength += data.Length;
    }

    /// <summary>Clears every field, keeping the allocated buffers.</summary>
    public void Reset()
    {
        Marker = false;
        PayloadType = 0;
        SequenceNumber = 0;
        Timestamp = 0;
        Ssrc = 0;
        Payload = default;
        PaddingLength = 0;
        _csrcs.Clear();
        _extensions.Clear();
        _extensionDataLength = 0;
    }

    /// <summary>Size in bytes of the packet <see cref="WriteTo"/> writes.</summary>
    public int GetSerializedSize() =>
        RtpHeader.FixedHeaderSize + _csrcs.Count * RtpHeader.CsrcSize + GetExtensionBlockSize() + Payload.Length + PaddingLength;

    /// <summary>Writes the packet into <paramref name="destination"/> and returns its length.</summary>
    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PayloadType, RtpHeader.PayloadTypeMask);
        ArgumentOutOfRangeException.ThrowIfNegative(PaddingLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PaddingLength, byte.MaxValue);
        int size = GetSerializedSize();
        if (destination.Length < size)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the packet needs {size}.", nameof(destination));
        }

        bool hasExtension = _extensions.Count > 0;
        destination[0] = (byte)(RtpHeader.RtpVersion << RtpHeader.VersionShift
            | (PaddingLength > 0 ? RtpHeader.PaddingBit : 0)
            | (hasExtension ? RtpHeader.ExtensionBit : 0)
            | _csrcs.Count);
        destination[1] = (byte)((Marker ? RtpHeader.MarkerBit : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[RtpHeader.SequenceNumberOffset..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[RtpHeader.TimestampOffset..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[RtpHeader.SsrcOffset..], Ssrc);
        int offset = RtpHeader.FixedHeaderSize;
        foreach (uint csrc in _csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += RtpHeader.CsrcSize;
        }

        if (hasExtension)
        {
            offset += WriteExtensionBlock(destination[offset..]);
        }

        Payload.Span.CopyTo(destination[offset..]);
        offset += Payload.Length;
        if (PaddingLength > 0)
        {
            destination.Slice(offset, PaddingLength - 1).Clear();
            offset += PaddingLength;
            destination[offset - 1] = (byte)PaddingLength;
        }

        return offset;
    }

    private bool FitsOneByteForm()
    {
        foreach ((byte id, _, int length) in _extensions)
        {
            if (id > RtpExtensionProfile.OneByteMaxId || length == 0 || length > RtpExtensionProfile.OneByteMaxLength)
            {
                return false;
            }
        }

        return true;
    }

    private int GetExtensionBlockSize()
    {
        if (_extensions.Count == 0)
        {
            return 0;
        }

        int elementHeaderSize = FitsOneByteForm() ? 1 : 2;
        int raw = _extensions.Count * elementHeaderSize + _extensionDataLength;
        return RtpHeader.ExtensionHeaderSize + (raw + 3) / 4 * 4;
    }

    private int WriteExtensionBlock(Span<byte> destination)
    {
        bool oneByte = FitsOneByteForm();
        int size = GetExtensionBlockSize();
        BinaryPrimitives.WriteUInt16BigEndian(destination, oneByte ? RtpExtensionProfile.OneByte : RtpExtensionProfile.TwoByte);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((size - RtpHeader.ExtensionHeaderSize) / 4));
        int offset = RtpHeader.ExtensionHeaderSize;
        foreach ((byte id, int dataOffset, int length) in _extensions)
        {
            if (oneByte)
            {
                destination[offset++] = (byte)(id << 4 | (length - 1));
            }
            else
            {
                destination[offset++] = id;
                destination[offset++] = (byte)length;
            }

            _extensionData.AsSpan(dataOffset, length).CopyTo(destination[offset..]);
            offset += length;
        }

        // RFC 8285 §4.1: the block is padded to a 32-bit boundary with zero bytes (ID 0 is padding).
        destination[offset..size].Clear();
        return size;
    }
}
