using Live.Media.Recording;
using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Recording;

public class Vp8DepacketizerTests
{
    // RFC 6386 §9.1: frame tag with P=0 (key), start code, 320x240 little-endian.
    internal static readonly byte[] KeyFrame = [0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00, 0xAA, 0xBB];

    // P=1: an interframe.
    internal static readonly byte[] DeltaFrame = [0x31, 0x02, 0x00, 0xCC, 0xDD, 0xEE, 0xFF];

    [Fact]
    public void Push_FrameSplitOverThreePackets_EmitsReassembledKeyframe()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        byte[][] packets = [.. Split(KeyFrame, sequence: 10, timestamp: 9000, chunk: 5)];
        Assert.Equal(3, packets.Length);
        foreach (byte[] packet in packets)
        {
            depacketizer.Push(packet);
        }

        (byte[] data, uint timestamp, bool isKey) = Assert.Single(sink.Frames);
        Assert.Equal(KeyFrame, data);
        Assert.Equal((9000u, true), (timestamp, isKey));
        Assert.False(depacketizer.NeedsKeyframe);
    }

    [Fact]
    public void Push_DeltaBeforeAnyKeyframe_IsDroppedUntilKeyframe()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        depacketizer.Push(Packet(1, 0, DeltaFrame, start: true, marker: true));
        Assert.Empty(sink.Frames);
        Assert.True(depacketizer.NeedsKeyframe);
        depacketizer.Push(Packet(2, 3000, KeyFrame, start: true, marker: true));
        depacketizer.Push(Packet(3, 6000, DeltaFrame, start: true, marker: true));
        Assert.Equal([true, false], sink.Frames.Select(f => f.IsKey));
        Assert.Equal(1, depacketizer.FramesDropped);
    }

    [Fact]
    public void Push_MiddlePacketLost_DropsFrameAndWaitsForNextKeyframe()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        depacketizer.Push(Packet(1, 0, KeyFrame, start: true, marker: true));
        List<byte[]> delta = [.. Split(DeltaFrame, sequence: 2, timestamp: 3000, chunk: 3)];
        depacketizer.Push(delta[0]);
        depacketizer.Push(delta[2]); // delta[1] lost
        Assert.True(depacketizer.NeedsKeyframe);
        depacketizer.Push(Packet(5, 6000, DeltaFrame, start: true, marker: true));
        Assert.Single(sink.Frames);
        depacketizer.Push(Packet(6, 9000, KeyFrame, start: true, marker: true));
        Assert.Equal([0u, 9000u], sink.Frames.Select(f => f.Timestamp));
        Assert.Equal((1L, 2L), (depacketizer.Gaps, depacketizer.FramesDropped));
    }

    [Fact]
    public void Push_SequenceWrapsAround_ContinuesWithoutGap()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        foreach (byte[] packet in Split(KeyFrame, sequence: 65534, timestamp: 1, chunk: 4))
        {
            depacketizer.Push(packet);
        }

        Assert.Single(sink.Frames);
        Assert.Equal(0, depacketizer.Gaps);
    }

    [Fact]
    public void Push_DuplicateOrLatePacket_IsIgnored()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        byte[] key = Packet(5, 0, KeyFrame, start: true, marker: true);
        depacketizer.Push(key);
        depacketizer.Push(key);
        depacketizer.Push(Packet(4, 0, KeyFrame, start: true, marker: true));
        Assert.Single(sink.Frames);
        Assert.Equal(0, depacketizer.Gaps);
    }

    [Fact]
    public void Push_NextFrameStartsWithoutMarker_EmitsPreviousFrame()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        depacketizer.Push(Packet(1, 0, KeyFrame, start: true, marker: false));
        depacketizer.Push(Packet(2, 3000, DeltaFrame, start: true, marker: true));
        Assert.Equal([(0u, true), (3000u, false)], sink.Frames.Select(f => (f.Timestamp, f.IsKey)));
    }

    [Fact]
    public void Push_ContinuationWithOtherTimestamp_DropsFrame()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        depacketizer.Push(Packet(1, 0, KeyFrame, start: true, marker: false));
        depacketizer.Push(Packet(2, 3000, DeltaFrame, start: false, marker: true));
        Assert.Empty(sink.Frames);
        Assert.True(depacketizer.NeedsKeyframe);
    }

    [Fact]
    public void Push_SsrcChanges_WaitsForKeyframeOfNewSource()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);
        depacketizer.Push(Packet(1, 0, KeyFrame, start: true, marker: true));
        depacketizer.Push(Packet(900, 50, DeltaFrame, start: true, marker: true, ssrc: 2));
        Assert.Single(sink.Frames);
        Assert.True(depacketizer.NeedsKeyframe);
    }

    [Theory]
    [InlineData("")] // not RTP
    [InlineData("80600001000000000000000110")] // descriptor only, no VP8 payload
    [InlineData("8060000100000000000000018080")] // I bit set but the picture ID is missing
    public void Push_MalformedPacket_CountedNotThrown(string hex)
    {
        var depacketizer = new Vp8Depacketizer(new CollectingSink());
        depacketizer.Push(Convert.FromHexString(hex));
        Assert.Equal(1, depacketizer.MalformedPackets);
    }

    [Fact]
    public void Push_ExtendedDescriptorWithAllFields_StripsDescriptor()
    {
        var sink = new CollectingSink();
        var depacketizer = new Vp8Depacketizer(sink);

        // RFC 7741 §4.2: X=1 S=1, I L T K all set, 15-bit picture ID, TL0PICIDX, TID/Y/KEYIDX.
        byte[] descriptor = [0x90, 0xF0, 0x81, 0x23, 0x05, 0x61];
        depacketizer.Push(RawPacket(1, 0, [.. descriptor, .. KeyFrame], marker: true));
        Assert.Equal(KeyFrame, Assert.Single(sink.Frames).Data);
    }

    internal static IEnumerable<byte[]> Split(byte[] frame, ushort sequence, uint timestamp, int chunk)
    {
        for (int offset = 0; offset < frame.Length; offset += chunk)
        {
            int length = Math.Min(chunk, frame.Length - offset);
            yield return Packet(sequence++, timestamp, frame.AsSpan(offset, length).ToArray(), offset == 0, offset + length == frame.Length);
        }
    }

    internal static byte[] Packet(ushort sequence, uint timestamp, byte[] vp8, bool start, bool marker, uint ssrc = 1) =>
        RawPacket(sequence, timestamp, [start ? (byte)0x10 : (byte)0x00, .. vp8], marker, ssrc);

    internal static byte[] RawPacket(ushort sequence, uint timestamp, byte[] payload, bool marker, uint ssrc = 1)
    {
        var builder = new RtpPacketBuilder
        {
            PayloadType = 96, SequenceNumber = sequence, Timestamp = timestamp, Ssrc = ssrc, Marker = marker, Payload = payload,
        };
        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }
}
