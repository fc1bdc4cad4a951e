using System.Buffers.Binary;
using System.Text;

namespace Live.Media.Recording;

/// <summary>
/// A growable, reusable byte buffer that serializes EBML elements (RFC 8794 §6: ID, data size VINT, data). Master
/// elements reserve an 8-octet size and patch it when ended, so children can be written in one pass.
/// </summary>
internal sealed class EbmlBuffer
{
    /// <summary>The size field width reserved for masters whose size is patched later (any width is valid EBML).</summary>
    public const int PatchedSizeLength = 8;

    private byte[] _buffer;

    public EbmlBuffer(int initialCapacity) => _buffer = new byte[initialCapacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void WriteId(uint id)
    {
        int length = MatroskaIds.LengthOf(id);
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(four, id);
        WriteBytes(four[(4 - length)..]);
    }

    public void WriteSize(ulong size) => Length += EbmlVarInt.Write(Reserve(EbmlVarInt.MaxLength), size);

    public void WriteUnsigned(uint id, ulong value)
    {
        int length = 1;
        while (length < 8 && value >> (8 * length) != 0)
        {
            length++;
        }

        WriteUnsigned(id, value, length);
    }

    /// <summary>Writes an unsigned integer element in a fixed width, so it can be overwritten in place later.</summary>
    public void WriteUnsigned(uint id, ulong value, int length)
    {
        WriteId(id);
        WriteSize((ulong)length);
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(eight, value);
        WriteBytes(eight[(8 - length)..]);
    }

    public void WriteFloat(uint id, double value)
    {
        WriteId(id);
        WriteSize(sizeof(double));
        BinaryPrimitives.WriteDoubleBigEndian(Reserve(sizeof(double)), value);
        Length += sizeof(double);
    }

    public void WriteAscii(uint id, string value)
    {
        WriteId(id);
        WriteSize((ulong)value.Length);
        Length += Encoding.ASCII.GetBytes(value, Reserve(value.Length));
    }

    public void WriteBinary(uint id, ReadOnlySpan<byte> value)
    {
        WriteId(id);
        WriteSize((ulong)value.Length);
        WriteBytes(value);
    }

    /// <summary>Writes a Void element of exactly <paramref name="totalSize"/> octets (at least 2), zero-filled.</summary>
    public void WriteVoid(int totalSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSize, 2);
        WriteId(MatroskaIds.Void);
        int dataSize = totalSize - 2;
        if (dataSize <= 126)
        {
            WriteSize((ulong)dataSize);
        }
        else
        {
            dataSize = totalSize - 1 - PatchedSizeLength;
            Length += EbmlVarInt.Write(Reserve(PatchedSizeLength), (ulong)dataSize, PatchedSizeLength);
        }

        Reserve(dataSize).Clear();
        Length += dataSize;
    }

    /// <summary>Starts a master element and returns the offset of its size field for <see cref="EndMaster"/>.</summary>
    public int BeginMaster(uint id)
    {
        WriteId(id);
        int sizeOffset = Length;
        Reserve(PatchedSizeLength);
        Length += PatchedSizeLength;
        return sizeOffset;
    }

    public void EndMaster(int sizeOffset)
    {
        ulong size = (ulong)(Length - sizeOffset - PatchedSizeLength);
        EbmlVarInt.Write(_buffer.AsSpan(sizeOffset), size, PatchedSizeLength);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        Length++;
    }

    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(sizeof(short)), value);
        Length += sizeof(short);
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        return _buffer.AsSpan(Length, count);
    }
}
