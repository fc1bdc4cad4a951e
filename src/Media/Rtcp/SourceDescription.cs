using System.Buffers.Binary;
using System.Text;

namespace Live.Media.Rtcp;

/// <summary>RTCP source description (RFC 3550 §6.5): chunks of items per source, in practice the CNAME that ties SSRCs to a participant.</summary>
public sealed class SourceDescription : IRtcpPacket
{
    private const int SsrcSize = 4;

    // RFC 3550 §6.5: each item is type(8) length(8) text; a zero type ends the chunk's item list.
    private const int ItemHeaderSize = 2;
    private const byte EndOfItems = 0;
    private const int MaxTextLength = 255;

    /// <summary>The chunks (at most 31).</summary>
    public IReadOnlyList<SdesChunk> Chunks { get; init; } = [];

    /// <summary>Parses one SDES packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out SourceDescription description)
    {
        description = null!;
        if (!RtcpFraming.TryGetBody(packet, RtcpPacketType.SourceDescription, out RtcpHeader header, out ReadOnlySpan<byte> body))
        {
            return false;
        }

        var chunks = new SdesChunk[header.Count];
        int offset = 0;
        for (int c = 0; c < chunks.Length; c++)
        {
            if (!TryParseChunk(body, ref offset, out chunks[c]))
            {
                return false;
            }
        }

        description = new SourceDescription { Chunks = chunks };
        return true;
    }

    /// <inheritdoc />
    public int GetSerializedSize()
    {
        int size = RtcpHeader.Size;
        foreach (SdesChunk chunk in Chunks)
        {
            size += GetChunkSize(chunk);
        }

        return size;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int size = GetSerializedSize();
        int offset = RtcpFraming.WriteHeader(destination, RtcpPacketType.SourceDescription, (byte)Chunks.Count, size);
        foreach (SdesChunk chunk in Chunks)
        {
            int chunkEnd = offset + GetChunkSize(chunk);
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], chunk.Ssrc);
            offset += SsrcSize;
            foreach (SdesItem item in chunk.Items)
            {
                int length = Encoding.UTF8.GetBytes(item.Text, destination[(offset + ItemHeaderSize)..]);
                destination[offset] = item.Type;
                destination[offset + 1] = (byte)length;
                offset += ItemHeaderSize + length;
            }

            // RFC 3550 §6.5: one to four null octets end the list and pad the chunk to a 32-bit boundary.
            destination[offset..chunkEnd].Clear();
            offset = chunkEnd;
        }

        return offset;
    }

    private static int GetChunkSize(SdesChunk chunk)
    {
        int size = SsrcSize;
        foreach (SdesItem item in chunk.Items)
        {
            if (item.Type == EndOfItems)
            {
                throw new ArgumentException("SDES item type 0 is reserved for the end of the list.", nameof(chunk));
            }

            int length = Encoding.UTF8.GetByteCount(item.Text);
            if (length > MaxTextLength)
            {
                throw new ArgumentException($"SDES item text is {length} bytes; at most {MaxTextLength} fit.", nameof(chunk));
            }

            size += ItemHeaderSize + length;
        }

        return RtcpFraming.AlignTo4(size + 1);
    }

    private static bool TryParseChunk(ReadOnlySpan<byte> body, ref int offset, out SdesChunk chunk)
    {
        chunk = null!;
        if (offset + SsrcSize > body.Length)
        {
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
        offset += SsrcSize;
        var items = new List<SdesItem>();
        while (true)
        {
            if (offset >= body.Length)
            {
                return false;
            }

            byte type = body[offset];
            if (type == EndOfItems)
            {
                offset = RtcpFraming.AlignTo4(offset + 1);
                if (offset > body.Length)
                {
                    return false;
                }

                chunk = new SdesChunk(ssrc, items);
                return true;
            }

            if (offset + ItemHeaderSize > body.Length)
            {
                return false;
            }

            int length = body[offset + 1];
            // RFC 3550 §6.5: item text is UTF-8; invalid bytes (U+FFFD, three bytes each) would not fit back in 255.
            if (offset + ItemHeaderSize + length > body.Length
                || !System.Text.Unicode.Utf8.IsValid(body.Slice(offset + ItemHeaderSize, length)))
            {
                return false;
            }

            items.Add(new SdesItem(type, Encoding.UTF8.GetString(body.Slice(offset + ItemHeaderSize, length))));
            offset += ItemHeaderSize + length;
        }
    }
}
