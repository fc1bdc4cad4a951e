using Live.Media.Simulcast;

namespace Live.Tests.Unit.Media.Simulcast;

/// <summary>A NACKed outgoing sequence number finds the layer packet it was, with the offsets it was rewritten with.</summary>
public sealed class ForwardedPacketLogTests
{
    [Fact]
    public void Recorded_FoundWithLayerSequenceAndOffsets()
    {
        var log = new ForwardedPacketLog(16);
        var offsets = new RewriteOffsets(100, 3000, 7, 1);
        log.Record(65_535, layer: 2, layerSequence: 65_435, offsets);

        Assert.True(log.TryGet(65_535, out int layer, out ushort layerSequence, out RewriteOffsets found));
        Assert.Equal(2, layer);
        Assert.Equal(65_435, layerSequence);
        Assert.Equal(offsets, found);
        Assert.Equal((ushort)65_535, found.ApplySequence(layerSequence));
    }

    [Fact]
    public void NeverSentOrOverwritten_NotFound()
    {
        var log = new ForwardedPacketLog(16);
        Assert.False(log.TryGet(0, out _, out _, out _)); // an empty slot is not sequence 0 of layer 0

        log.Record(3, 0, 3, default);
        log.Record(19, 1, 19, default); // same slot, 16 later
        Assert.False(log.TryGet(3, out _, out _, out _));
        Assert.True(log.TryGet(19, out int layer, out _, out _));
        Assert.Equal(1, layer);
    }

    [Fact]
    public void Offsets_WrapInTheirOwnSpaces()
    {
        var offsets = new RewriteOffsets(Sequence: 10, Timestamp: 100, PictureId: 5, Tl0PicIdx: 3);

        Assert.Equal((ushort)4, offsets.ApplySequence(65_530));
        Assert.Equal(99u, offsets.ApplyTimestamp(uint.MaxValue));
        Assert.Equal(2, offsets.ApplyPictureId(32_765));
        Assert.Equal(1, offsets.ApplyTl0PicIdx(254));
        Assert.Equal(-1, offsets.ApplyPictureId(-1));
        Assert.Equal(-1, offsets.ApplyTl0PicIdx(-1));
    }
}
