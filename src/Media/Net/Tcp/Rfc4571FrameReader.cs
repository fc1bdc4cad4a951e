using System.Buffers.Binary;

namespace Live.Media.Net.Tcp;

/// <summary>
/// Cuts an RFC 4571 byte stream back into packets. The socket reads straight into <see cref="GetWritableMemory"/>;
/// <see cref="TryRead"/> then yields whole frames in place, however the stream was split into reads (partial frames,
/// several frames per read). A frame longer than the configured limit poisons the reader: the stream cannot be
/// resynchronised, so the connection must be closed. Never throws on stream content.
/// </summary>
public sealed class Rfc4571FrameReader
{
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    /// <param name="maxFrameLength">The longest frame accepted (at most <see cref="Rfc4571Framing.MaxFrameLength"/>).</param>
    public Rfc4571FrameReader(int maxFrameLength = Rfc4571Framing.MaxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameLength, Rfc4571Framing.MaxFrameLength);
        MaxFrameLength = maxFrameLength;

        // Room for one whole frame plus as much again, so one socket read can bring several small frames.
        _buffer = GC.AllocateUninitializedArray<byte>(2 * (Rfc4571Framing.HeaderLength + maxFrameLength));
    }

    public int MaxFrameLength { get; }

    /// <summary>True once a length prefix above <see cref="MaxFrameLength"/> was seen; nothing more is read.</summary>
    public bool IsPoisoned { get; private set; }

    /// <summary>Bytes received but not yet returned as a frame.</summary>
    public int Buffered => _end - _start;

    /// <summary>Where the next socket read should go (never empty unless poisoned); call <see cref="Advance"/> after.</summary>
    public Memory<byte> GetWritableMemory()
    {
        if (_start > 0 && (_start == _end || _buffer.Length - _end < Rfc4571Framing.HeaderLength + MaxFrameLength))
        {
            // Move the partial frame to the front: the tail must always hold the longest frame it might complete.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        return IsPoisoned ? Memory<byte>.Empty : _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were written into the memory <see cref="GetWritableMemory"/> gave.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Copies <paramref name="bytes"/> in (tests and callers without a socket); false when they do not fit.</summary>
    public bool TryAppend(ReadOnlySpan<byte> bytes)
    {
        Span<byte> free = GetWritableMemory().Span;
        if (bytes.Length > free.Length)
        {
            return false;
        }

        bytes.CopyTo(free);
        Advance(bytes.Length);
        return true;
    }

    /// <summary>
    /// The next whole frame, valid (and writable, e.g. for in-place SRTP) until the next call on this reader; false
    /// when more bytes are needed or the reader is poisoned.
    /// </summary>
    public bool TryRead(out Span<byte> frame)
    {
        frame = default;
        int available = _end - _start;
        if (IsPoisoned || available < Rfc4571Framing.HeaderLength)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start));
        if (length > MaxFrameLength)
        {
            IsPoisoned = true;
            return false;
        }

        if (available < Rfc4571Framing.HeaderLength + length)
        {
            return false;
        }

        frame = _buffer.AsSpan(_start + Rfc4571Framing.HeaderLength, length);
        _start += Rfc4571Framing.HeaderLength + length;
        return true;
    }
}
