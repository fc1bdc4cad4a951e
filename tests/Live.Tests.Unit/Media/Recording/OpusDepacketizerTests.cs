using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

public class OpusDepacketizerTests
{
    [Fact]
    public void Push_EachPacket_EmitsOneKeyFrameWithItsTimestamp()
    {
        var sink = new CollectingSink();
        var depacketizer = new OpusDepacketizer(sink);
        depacketizer.Push(Vp8DepacketizerTests.RawPacket(1, 960, [0xFC, 0x01, 0x02], marker: true));
        depacketizer.Push(Vp8DepacketizerTests.RawPacket(2, 1920, [0xFC, 0x03], marker: false));
        Assert.Equal([("FC0102", 960u, true), ("FC03", 1920u, true)], sink.Frames.Select(f => (Convert.ToHexString(f.Data), f.Timestamp, f.IsKey)));
    }

    [Fact]
    public void Push_GapDuplicateAndEmpty_CountsLossIgnoresDuplicateAndRejectsEmpty()
    {
        var sink = new CollectingSink();
        var depacketizer = new OpusDepacketizer(sink);
        depacketizer.Push(Vp8DepacketizerTests.RawPacket(65535, 0, [0xFC], marker: false));
        depacketizer.Push(Vp8DepacketizerTests.RawPacket(2, 2880, [0xFC], marker: false));
        depacketizer.Push(Vp8DepacketizerTests.RawPacket(2, 2880, [0xFC], marker: false));
        depacketizer.Push(Vp8DepacketizerTests.RawPacket(3, 3840, [], marker: false));
        depacketizer.Push([0x00]);
        Assert.Equal(2, sink.Frames.Count);
        Assert.Equal((2L, 2L), (depacketizer.PacketsLost, depacketizer.MalformedPackets));
    }
}
