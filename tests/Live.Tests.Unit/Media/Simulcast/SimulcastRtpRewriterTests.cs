using Live.Media.Simulcast;

namespace Live.Tests.Unit.Media.Simulcast;

/// <summary>
/// The rewriter turns the layers a consumer forwards one after another into one stream: sequence numbers without gaps
/// and monotonic across switches (and across 16-bit wraparound), timestamps that move on by a frame interval at a
/// switch, PictureID (15-bit and 7-bit) and TL0PICIDX that continue by one (RFC 7741 §4.2).
/// </summary>
public sealed class SimulcastRtpRewriterTests
{
    private const int ClockRate = 90_000;
    private const uint FrameTicks = 3000; // 30 fps

    /// <summary>One layer's own numbering: where it starts and how a frame advances it.</summary>
    private sealed record Layer(ushort Sequence, uint Timestamp, int PictureId, int Tl0, bool LongPictureId = true)
    {
        public (ushort Seq, uint Ts, int Pid, int Tl0) Frame(int k) => (
            (ushort)(Sequence + k), Timestamp + (uint)(k * FrameTicks),
            LongPictureId ? (PictureId + k) & 0x7FFF : (PictureId + k) & 0x7F, Tl0 < 0 ? -1 : (Tl0 + k) & 0xFF);
    }

    private readonly record struct Sent(ushort Seq, uint Ts, int Pid, int Tl0);

    private static Sent Rewrite(SimulcastRtpRewriter rewriter, (ushort Seq, uint Ts, int Pid, int Tl0) packet)
    {
        Assert.True(rewriter.TryRewrite(packet.Seq, packet.Ts, packet.Pid, packet.Tl0, out ushort sequence, out RtpStreamRewrite rewrite));
        Assert.True(rewrite.IsSet);
        return new Sent(sequence, rewrite.Timestamp, rewrite.PictureId, rewrite.Tl0PicIdx);
    }

    private static List<Sent> Run(SimulcastRtpRewriter rewriter, Layer layer, int fromFrame, int frames, uint gap)
    {
        var first = layer.Frame(fromFrame);
        rewriter.StartEpoch(first.Seq, first.Ts, first.Pid, first.Tl0, gap);
        return Enumerable.Range(fromFrame, frames).Select(k => Rewrite(rewriter, layer.Frame(k))).ToList();
    }

    private static void AssertContinuous(IReadOnlyList<Sent> sent, int pictureIdMask = 0x7FFF)
    {
        for (int i = 1; i < sent.Count; i++)
        {
            Assert.Equal((ushort)(sent[i - 1].Seq + 1), sent[i].Seq);
            Assert.True((int)(sent[i].Ts - sent[i - 1].Ts) > 0, $"timestamp went back at {i}");
            Assert.Equal((sent[i - 1].Pid + 1) & pictureIdMask, sent[i].Pid & pictureIdMask);
            Assert.Equal((sent[i - 1].Tl0 + 1) & 0xFF, sent[i].Tl0);
        }
    }

    [Fact]
    public void FirstEpoch_KeepsTimestampsAndPictureIds_StartsAtConsumersSequence()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1000);
        var low = new Layer(Sequence: 10, Timestamp: 90_000, PictureId: 100, Tl0: 5);

        List<Sent> sent = Run(rewriter, low, 0, 3, gap: 12345);

        Assert.Equal([1000, 1001, 1002], sent.Select(s => (int)s.Seq));
        Assert.Equal([90_000u, 93_000u, 96_000u], sent.Select(s => s.Ts));
        Assert.Equal([100, 101, 102], sent.Select(s => s.Pid));
        Assert.Equal([5, 6, 7], sent.Select(s => s.Tl0));
    }

    [Fact]
    public void UpThenDownSwitch_OneContinuousStream()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1000);
        var low = new Layer(10, 90_000, 100, 5);
        var high = new Layer(40_000, 7_000_000, 20_000, 200);
        var mid = new Layer(65_533, 4_294_960_000, 32_765, 254); // every field of the middle layer wraps

        var sent = new List<Sent>();
        sent.AddRange(Run(rewriter, low, 0, 5, gap: 0));
        sent.AddRange(Run(rewriter, high, 5, 5, gap: FrameTicks));
        sent.AddRange(Run(rewriter, mid, 10, 6, gap: FrameTicks));

        AssertContinuous(sent);
        Assert.Equal(sent[4].Ts + FrameTicks, sent[5].Ts);   // the switch up: one frame after the last sent
        Assert.Equal(sent[9].Ts + FrameTicks, sent[10].Ts);  // the switch down likewise
        Assert.Equal((ushort)(1000 + 15), sent[^1].Seq);
    }

    [Fact]
    public void SequenceNumbers_WrapAt16Bits_AcrossASwitch()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 65_533);
        var a = new Layer(100, 0, 1, 1);
        var b = new Layer(65_535, 50_000, 1, 1);

        var sent = new List<Sent>();
        sent.AddRange(Run(rewriter, a, 0, 2, FrameTicks));   // 65533, 65534
        sent.AddRange(Run(rewriter, b, 2, 3, FrameTicks));   // 65535, 0, 1 (the layer itself wraps at 65535 → 0)

        Assert.Equal([65_533, 65_534, 65_535, 0, 1], sent.Select(s => (int)s.Seq));
        AssertContinuous(sent);
    }

    [Fact]
    public void PictureId_WrapsAt15Bits_AcrossASwitch()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1);
        var a = new Layer(1, 0, 32_766, 0);
        var b = new Layer(500, 90_000, 12, 0);

        var sent = new List<Sent>();
        sent.AddRange(Run(rewriter, a, 0, 2, FrameTicks));   // 32766, 32767
        sent.AddRange(Run(rewriter, b, 2, 3, FrameTicks));   // continues 0, 1, 2

        Assert.Equal([32_766, 32_767, 0, 1, 2], sent.Select(s => s.Pid));
    }

    [Fact]
    public void SevenBitPictureIdLayer_ContinuesModulo128()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1);
        var longIds = new Layer(1, 0, 300, 0);
        var shortIds = new Layer(900, 0, 120, 0, LongPictureId: false); // wraps 127 → 0 inside the epoch

        var sent = new List<Sent>();
        sent.AddRange(Run(rewriter, longIds, 0, 3, FrameTicks));  // 300, 301, 302
        sent.AddRange(Run(rewriter, shortIds, 3, 12, FrameTicks));

        Assert.Equal(303 & 0x7F, sent[3].Pid & 0x7F);
        AssertContinuous(sent, pictureIdMask: 0x7F);

        // Back to a 15-bit layer: it follows the last 7-bit value sent.
        sent.AddRange(Run(rewriter, new Layer(7000, 0, 9000, 0), 15, 2, FrameTicks));
        AssertContinuous(sent, pictureIdMask: 0x7F);
    }

    [Fact]
    public void Tl0PicIdx_WrapsAt8Bits_AndContinuesByOneAtASwitch()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1);
        var sent = new List<Sent>();
        sent.AddRange(Run(rewriter, new Layer(1, 0, 1, 254), 0, 2, FrameTicks)); // 254, 255
        sent.AddRange(Run(rewriter, new Layer(80, 0, 1, 17), 2, 2, FrameTicks)); // 0, 1

        Assert.Equal([254, 255, 0, 1], sent.Select(s => s.Tl0));
    }

    [Fact]
    public void PacketOlderThanTheSwitch_NotForwarded()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1);
        Run(rewriter, new Layer(1, 0, 1, 1), 0, 3, FrameTicks);
        rewriter.StartEpoch(500, 90_000, 40, 1, FrameTicks);

        Assert.False(rewriter.TryRewrite(499, 87_000, 39, 0, out _, out _)); // reordered: came after the keyframe's first packet
        Assert.True(rewriter.TryRewrite(500, 90_000, 40, 1, out ushort sequence, out _));
        Assert.Equal(4, sequence);
    }

    [Fact]
    public void ReorderedPacketInsideAnEpoch_NextSwitchContinuesFromTheNewest()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 100);
        rewriter.StartEpoch(10, 0, 1, 1, 0);
        Assert.True(rewriter.TryRewrite(10, 0, 1, 1, out _, out _));
        Assert.True(rewriter.TryRewrite(12, 6000, 3, 3, out _, out _));
        Assert.True(rewriter.TryRewrite(11, 3000, 2, 2, out _, out _)); // late: does not move the last values back

        rewriter.StartEpoch(9000, 1_000_000, 700, 90, FrameTicks);
        Assert.True(rewriter.TryRewrite(9000, 1_000_000, 700, 90, out ushort sequence, out RtpStreamRewrite rewrite));

        Assert.Equal(103, sequence);
        Assert.Equal(6000 + FrameTicks, rewrite.Timestamp);
        Assert.Equal(4, rewrite.PictureId);
        Assert.Equal(4, rewrite.Tl0PicIdx);
    }

    [Fact]
    public void NoPictureIdInThePacket_LeftAlone()
    {
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1);
        rewriter.StartEpoch(10, 0, -1, -1, 0);
        Assert.True(rewriter.TryRewrite(10, 0, -1, -1, out _, out RtpStreamRewrite rewrite));

        Assert.Equal(-1, rewrite.PictureId);
        Assert.Equal(-1, rewrite.Tl0PicIdx);
        Assert.False(rewrite.RewritesVp8);
    }

    [Theory]
    [InlineData(0, 1500u)]            // same instant: at least one frame at 60 fps
    [InlineData(5, 1500u)]            // 5 ms: still the floor
    [InlineData(100, 9000u)]          // 100 ms of 90 kHz
    [InlineData(2000, 180_000u)]      // a pause: the real time
    public void SwitchTimestampGap_ElapsedTimeWithAOneFrameFloor(int elapsedMs, uint expected)
    {
        Assert.Equal(expected, SimulcastRtpRewriter.SwitchTimestampGap(elapsedMs * 1000L, 1_000_000, ClockRate));
    }

    [Fact]
    public void ForwardingPath_SteadyState_AllocatesNothing()
    {
        // What a simulcast consumer runs per packet: the selector, the rewriter, the log, the descriptor rewrite.
        var selector = new SimulcastLayerSelector(3, 0);
        var rewriter = new SimulcastRtpRewriter(firstSequence: 1);
        var log = new ForwardedPacketLog(1024);
        byte[] payload = Vp8TestPayloads.Create(pictureId: 1, tl0PicIdx: 1, keyFrame: false);
        selector.OnPacket(2, isKeyFrameStart: true, now: 0);
        rewriter.StartEpoch(0, 0, 0, 0, 0);
        ushort next = 0;
        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < 1000; i++, next++)
            {
                selector.OnPacket(2, isKeyFrameStart: false, now: next);
                selector.WantedLayer(next);
                rewriter.TryRewrite(next, next * FrameTicks, next & 0x7FFF, next & 0xFF, out ushort sequence, out RtpStreamRewrite rewrite);
                log.Record(sequence, 2, next, rewriter.Offsets);
                Vp8PictureIdRewriter.TryRewrite(payload, rewrite.PictureId, rewrite.Tl0PicIdx);
            }
        });

        Assert.Equal(0, allocated);
    }
}
