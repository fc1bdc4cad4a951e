using System.Buffers.Binary;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Sdp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// NACK answering over real loopback UDP with a manual clock: a packet is resent to a subscriber at most once per
/// hold-off however often the subscriber repeats its NACK, and a publisher's duplicate is not forwarded twice.
/// </summary>
public sealed class SfuRetransmitTests : IDisposable
{
    private const uint CameraSsrc = 1444018788;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly ManualTimeProvider _time = new();
    private readonly SfuServer _server;
    private readonly List<SfuTestPeer> _peers = [];

    public SfuRetransmitTests()
    {
        _server = new SfuServer(new SfuOptions { Port = 0, RetransmitHoldOff = TimeSpan.FromMilliseconds(100) }, _time);
    }

    private Router Room => _server.GetOrCreateRouter("room");

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task Nack_RepeatedWithinHoldOff_ResentOnceThenAgainAfterHoldOff()
    {
        (SfuTestPeer alice, SfuTestPeer bob, Consumer consumer) = await ConnectAsync();
        ushort first = SendAndReceive(alice, bob, count: 5);
        ushort lost = (ushort)(first + 2);
        double heldOffBefore = SfuMetrics.NackPacketsHeldOff;

        for (int i = 0; i < 5; i++)
        {
            bob.SendRtcp(SfuTestRtcp.Nack(consumer.Ssrc, lost)); // werift repeats its NACK every 5 ms
        }

        Assert.True(bob.Rtp.TryTake(out byte[]? rtx, Wait), "no retransmission");
        Assert.Equal(lost, OriginalSequence(rtx!));
        Assert.False(bob.Rtp.TryTake(out _, Quiet), "a repeated NACK was answered within the hold-off");
        Assert.True(SfuMetrics.NackPacketsHeldOff - heldOffBefore >= 4);

        // Another packet is not held off by the first one's retransmission.
        bob.SendRtcp(SfuTestRtcp.Nack(consumer.Ssrc, (ushort)(first + 3)));
        Assert.True(bob.Rtp.TryTake(out byte[]? other, Wait), "a different packet was held off");
        Assert.Equal((ushort)(first + 3), OriginalSequence(other!));

        // Once the hold-off has passed (the retransmission was lost too), the packet is resent again.
        _time.Advance(TimeSpan.FromMilliseconds(100));
        bob.SendRtcp(SfuTestRtcp.Nack(consumer.Ssrc, lost));
        Assert.True(bob.Rtp.TryTake(out byte[]? again, Wait), "not resent after the hold-off");
        Assert.Equal(lost, OriginalSequence(again!));
    }

    [Fact]
    public async Task Nack_PacketOlderThanMaxAge_NotResent()
    {
        (SfuTestPeer alice, SfuTestPeer bob, Consumer consumer) = await ConnectAsync();
        ushort first = SendAndReceive(alice, bob, count: 3);
        double tooOldBefore = SfuMetrics.NackPacketsTooOld;

        _time.Advance(_server.Options.MaxRetransmitAge + TimeSpan.FromMilliseconds(1));
        bob.SendRtcp(SfuTestRtcp.Nack(consumer.Ssrc, (ushort)(first + 1)));

        Assert.False(bob.Rtp.TryTake(out _, Quiet), "a packet older than the age limit was resent");
        Assert.True(SfuMetrics.NackPacketsTooOld - tooOldBefore >= 1);
    }

    [Fact]
    public async Task PublisherDuplicate_AlreadyForwarded_NotForwardedAgain()
    {
        (SfuTestPeer alice, SfuTestPeer bob, _) = await ConnectAsync();
        ushort first = SendAndReceive(alice, bob, count: 3);

        // A publisher without RTX answers the SFU's NACK on the media SSRC; a copy the SFU already has is dropped.
        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 1001, 9000, keyFrame: false, fill: 1));
        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 1003, 9000, keyFrame: false, fill: 3));

        Assert.True(bob.Rtp.TryTake(out byte[]? next, Wait), "the new packet was not forwarded");
        Assert.True(RtpHeader.TryParse(next, out RtpHeader header));
        Assert.Equal((ushort)(first + 3), header.SequenceNumber);
        Assert.False(bob.Rtp.TryTake(out _, Quiet), "a duplicate was forwarded");
    }

    [Fact]
    public async Task ConsentChecks_EveryFewSeconds_KeepTransportOpenUntilTheyStop()
    {
        var (alice, published) = await SfuTestConnect.ConnectAsync(_server, Room, "alice", "camera", _peers, Wait, publish: RouterNegotiateTests.CameraAndMic);
        Assert.True(SdpParser.TryParse(published.AnswerSdp!, out SessionDescription answer, out _));
        MediaDescription media = answer.Media.First(m => m.Port != 0);

        // A minute of consent checks (no USE-CANDIDATE, as a browser sends them every ~5 s) keeps the transport open.
        for (int i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            int responses = alice.StunResponses;
            alice.SendCheck(media.IceUfrag!, media.IcePassword!, useCandidate: false);
            await WaitUntilAsync(() => alice.StunResponses > responses);
            _server.RunMaintenance();
            Assert.Equal(1, _server.TransportCount);
        }

        // When the checks stop, consent expires 30 s after the last one and the transport is closed.
        _time.Advance(TimeSpan.FromSeconds(29));
        _server.RunMaintenance();
        Assert.Equal(1, _server.TransportCount);
        _time.Advance(TimeSpan.FromSeconds(2));
        _server.RunMaintenance();
        Assert.Equal(0, _server.TransportCount);
    }

    /// <summary>Publishes <paramref name="count"/> packets from a keyframe (sequence 1000 on) and returns the first one the subscriber saw.</summary>
    private static ushort SendAndReceive(SfuTestPeer alice, SfuTestPeer bob, int count)
    {
        for (ushort i = 0; i < count; i++)
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(1000 + i), 9000, keyFrame: i == 0, fill: (byte)i));
        }

        ushort first = 0;
        for (int i = 0; i < count; i++)
        {
            Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), $"packet {i} not forwarded");
            Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
            if (i == 0)
            {
                first = header.SequenceNumber;
            }
        }

        return first;
    }

    private async Task<(SfuTestPeer Alice, SfuTestPeer Bob, Consumer Consumer)> ConnectAsync()
    {
        var (alice, _, bob) = await SfuTestConnect.AliceToBobAsync(_server, Room, _peers, Wait);
        return (alice, bob, Room.GetTransport("bob")!.Consumers.Single());
    }

    private static ushort OriginalSequence(byte[] rtx)
    {
        Assert.True(RtpHeader.TryParse(rtx, out RtpHeader header));
        return BinaryPrimitives.ReadUInt16BigEndian(header.GetPayload(rtx));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => SfuTestWait.UntilAsync(condition, Wait);
}
