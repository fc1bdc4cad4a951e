using System.Buffers.Binary;
using Live.Media.Net.Tcp;

namespace Live.Tests.Unit.Media.Net.Tcp;

/// <summary>RFC 4571 §2 framing: a 16-bit big-endian length before each packet, however the stream is cut into reads.</summary>
public sealed class Rfc4571FrameReaderTests
{
    [Fact]
    public void TryWrite_Packet_PrefixesBigEndianLength()
    {
        var destination = new byte[10];
        Assert.True(Rfc4571Framing.TryWrite([0xAA, 0xBB, 0xCC], destination, out int written));
        Assert.Equal(5, written);
        Assert.Equal(new byte[] { 0x00, 0x03, 0xAA, 0xBB, 0xCC }, destination[..5]);
    }

    [Fact]
    public void TryWrite_TooSmallDestinationOrTooLongPacket_False()
    {
        Assert.False(Rfc4571Framing.TryWrite(new byte[4], new byte[5], out _));
        Assert.False(Rfc4571Framing.TryWrite(new byte[65536], new byte[70000], out _));
    }

    [Fact]
    public void TryRead_SeveralFramesInOneRead_YieldsEachInOrder()
    {
        var reader = new Rfc4571FrameReader();
        Assert.True(reader.TryAppend([.. Frame(1, 2, 3), .. Frame(4), .. Frame(5, 6)]));

        Assert.True(reader.TryRead(out Span<byte> first));
        Assert.Equal(new byte[] { 1, 2, 3 }, first.ToArray());
        Assert.True(reader.TryRead(out Span<byte> second));
        Assert.Equal(new byte[] { 4 }, second.ToArray());
        Assert.True(reader.TryRead(out Span<byte> third));
        Assert.Equal(new byte[] { 5, 6 }, third.ToArray());
        Assert.False(reader.TryRead(out _));
        Assert.Equal(0, reader.Buffered);
    }

    [Fact]
    public void TryRead_FrameSplitAcrossReads_WaitsThenYieldsWholeFrame()
    {
        var reader = new Rfc4571FrameReader();
        byte[] frame = Frame(9, 8, 7, 6, 5);

        Assert.True(reader.TryAppend(frame[..1])); // half the length prefix
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.TryAppend(frame[1..4])); // the rest of the prefix and part of the packet
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.TryAppend(frame[4..]));
        Assert.True(reader.TryRead(out Span<byte> packet));
        Assert.Equal(new byte[] { 9, 8, 7, 6, 5 }, packet.ToArray());
    }

    [Fact]
    public void TryRead_ByteByByte_YieldsEveryFrame()
    {
        var reader = new Rfc4571FrameReader(maxFrameLength: 300);
        var frames = new List<byte[]>();
        for (int i = 0; i < 50; i++)
        {
            frames.Add(Enumerable.Range(0, i * 5).Select(b => (byte)(b + i)).ToArray());
        }

        var received = new List<byte[]>();
        foreach (byte b in frames.SelectMany(f => Frame(f)))
        {
            Assert.True(reader.TryAppend([b]));
            while (reader.TryRead(out Span<byte> packet))
            {
                received.Add(packet.ToArray());
            }
        }

        Assert.Equal(frames, received);
    }

    [Fact]
    public void TryRead_LengthZero_YieldsEmptyFrameAndContinues()
    {
        var reader = new Rfc4571FrameReader();
        Assert.True(reader.TryAppend([.. Frame(), .. Frame(42)]));
        Assert.True(reader.TryRead(out Span<byte> empty));
        Assert.True(empty.IsEmpty);
        Assert.True(reader.TryRead(out Span<byte> next));
        Assert.Equal(42, next[0]);
    }

    [Fact]
    public void TryRead_MaxLength65535_YieldsWholeFrameAcrossManyReads()
    {
        var reader = new Rfc4571FrameReader();
        byte[] packet = new byte[Rfc4571Framing.MaxFrameLength];
        new Random(7).NextBytes(packet);
        byte[] frame = Frame(packet);
        Assert.True(reader.TryAppend([.. Frame(1), .. frame[..1000]]));
        Assert.True(reader.TryRead(out _));
        for (int offset = 1000; offset < frame.Length; offset += 4096)
        {
            Assert.False(reader.TryRead(out _));
            Assert.True(reader.TryAppend(frame.AsSpan(offset, Math.Min(4096, frame.Length - offset))));
        }

        Assert.True(reader.TryRead(out Span<byte> whole));
        Assert.Equal(packet, whole.ToArray());
    }

    [Fact]
    public void TryRead_LengthAboveLimit_PoisonsReaderAndReadsNothingMore()
    {
        var reader = new Rfc4571FrameReader(maxFrameLength: 1500);
        Assert.True(reader.TryAppend([0xFF, 0xFF, 1, 2, 3]));
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsPoisoned);
        Assert.True(reader.GetWritableMemory().IsEmpty);
        Assert.False(reader.TryAppend([0x00]));
    }

    [Fact]
    public void GetWritableMemory_PartialFrameAtEnd_AlwaysLeavesRoomForLongestFrame()
    {
        var reader = new Rfc4571FrameReader(maxFrameLength: 100);
        for (int round = 0; round < 1000; round++)
        {
            // Whole frames followed by the start of another leave a partial frame anywhere in the buffer.
            Assert.True(reader.TryAppend([.. Frame(new byte[37]), .. Frame(new byte[100])[..(round % 50 + 1)]]));
            Assert.True(reader.TryRead(out Span<byte> whole));
            Assert.Equal(37, whole.Length);
            Assert.True(reader.GetWritableMemory().Length >= 102 - reader.Buffered);
            Assert.True(reader.TryAppend(Frame(new byte[100])[(round % 50 + 1)..]));
            Assert.True(reader.TryRead(out Span<byte> longest));
            Assert.Equal(100, longest.Length);
        }
    }

    internal static byte[] Frame(params byte[] packet)
    {
        var frame = new byte[Rfc4571Framing.HeaderLength + packet.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)packet.Length);
        packet.CopyTo(frame, Rfc4571Framing.HeaderLength);
        return frame;
    }
}
