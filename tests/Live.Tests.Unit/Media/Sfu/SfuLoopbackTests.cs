using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Ice;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// The whole data plane over real loopback UDP: two test peers (ICE check, DTLS client, SRTP) publish and subscribe
/// through one <see cref="SfuServer"/>; the subscriber decrypts forwarded packets, NACKs, and bad traffic is dropped.
/// </summary>
public sealed class SfuLoopbackTests : IDisposable
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly SfuServer _server = new(new SfuOptions { Port = 0 });
    private readonly List<SfuTestPeer> _peers = [];

    private Router Room => _server.GetOrCreateRouter("room");

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Fact]
    public async Task Loopback_PublisherToSubscriber_ForwardsFromKeyframeRewrittenAndAnswersNack()
    {
        (SfuTestPeer alice, SfuTestPeer bob, Consumer consumer) = await ConnectPublisherAndSubscriberAsync();

        // The new consumer made the SFU ask the publisher for a keyframe.
        Assert.True(SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, Wait, out byte[] pli), "no PLI reached the publisher");
        Assert.Equal(CameraSsrc, BinaryPrimitives.ReadUInt32BigEndian(pli.AsSpan(8)));

        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 999, 3000, keyFrame: false, fill: 9)); // before any keyframe: held back
        for (ushort i = 0; i < 10; i++)
        {
            alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(1000 + i), (uint)(9000 + i / 3 * 3000), keyFrame: i == 0, fill: (byte)i));
        }

        var received = new List<byte[]>();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(bob.Rtp.TryTake(out byte[]? packet, Wait), $"packet {i} not forwarded");
            received.Add(packet!);
        }

        RtpHeader first = Parse(received[0]);
        Assert.True(Vp8PayloadDescriptor.TryParse(first.GetPayload(received[0]), out Vp8PayloadDescriptor vp8) && vp8.IsKeyFrame);
        for (int i = 0; i < received.Count; i++)
        {
            RtpHeader header = Parse(received[i]);
            Assert.Equal(consumer.Ssrc, header.Ssrc);
            Assert.Equal((ushort)(first.SequenceNumber + i), header.SequenceNumber);
            Assert.Equal(96, header.PayloadType);
            Assert.Equal((byte)i, header.GetPayload(received[i])[5]);
        }

        // NACK the third packet: it comes back as RTX with the original sequence number first (RFC 4588 §4).
        ushort lost = (ushort)(first.SequenceNumber + 2);
        bob.SendRtcp(SfuTestRtcp.Nack(consumer.Ssrc, lost));
        Assert.True(bob.Rtp.TryTake(out byte[]? rtx, Wait), "no retransmission");
        RtpHeader rtxHeader = Parse(rtx!);
        Assert.Equal(consumer.RtxSsrc, rtxHeader.Ssrc);
        Assert.Equal(97, rtxHeader.PayloadType);
        Assert.Equal(lost, BinaryPrimitives.ReadUInt16BigEndian(rtxHeader.GetPayload(rtx!)));
        Assert.Equal(Parse(received[2]).GetPayload(received[2]).ToArray(), rtxHeader.GetPayload(rtx!)[2..].ToArray());

        // A PLI from the subscriber reaches the publisher as a PLI for the producer's SSRC.
        await Task.Delay(_server.Options.KeyFrameRequestInterval);
        while (alice.Rtcp.TryTake(out _)) { }
        bob.SendRtcp(SfuTestRtcp.Pli(consumer.Ssrc));
        Assert.True(SfuTestRtcp.TryTake(alice, RtcpPacketType.PayloadSpecificFeedback, Wait, out byte[] forwarded), "PLI not forwarded");
        Assert.Equal(CameraSsrc, BinaryPrimitives.ReadUInt32BigEndian(forwarded.AsSpan(8)));
    }

    [Fact]
    public async Task Loopback_JunkBadCredentialsAndBadTags_DroppedCountedOthersStillServed()
    {
        (SfuTestPeer alice, SfuTestPeer bob, Consumer consumer) = await ConnectPublisherAndSubscriberAsync();
        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 500, 1000, keyFrame: true, fill: 1));
        Assert.True(bob.Rtp.TryTake(out _, Wait));

        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        stranger.SendTo(new byte[] { 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, _server.LocalEndPoint); // junk (RFC 7983: no range)
        stranger.SendTo(SfuTestPeer.Vp8Packet(CameraSsrc, 501, 1000, false, 1), _server.LocalEndPoint); // RTP from an unknown address
        string ufrag = Room.GetTransport("alice")!.RemoteAddress is null ? "" : AnswerUfrag("alice");
        stranger.SendTo(new IceCheck($"{ufrag}:evil", "wrong-password-wrong-password").Build(), _server.LocalEndPoint);
        stranger.SendTo(new IceCheck("nobody:evil", "wrong-password-wrong-password").Build(), _server.LocalEndPoint);
        byte[] tampered = alice.ProtectRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 502, 1000, false, 2));
        tampered[^1] ^= 0x01;
        alice.SendRaw(tampered);
        alice.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, 503, 1000, false, 3));

        Assert.True(bob.Rtp.TryTake(out byte[]? next, Wait), "the valid packet after the bad ones was not forwarded");
        Assert.Equal(3, Parse(next!).GetPayload(next!)[5]);
        Assert.False(bob.Rtp.TryTake(out _, TimeSpan.FromMilliseconds(200)), "a bad packet was forwarded");
        await WaitUntilAsync(() => _server.GetDropCount(SfuDropReason.StunUnknownUser) >= 1);
        Assert.Equal(1, _server.GetDropCount(SfuDropReason.Junk));
        Assert.Equal(1, _server.GetDropCount(SfuDropReason.UnknownAddress));
        Assert.Equal(1, _server.GetDropCount(SfuDropReason.StunRejected));
        Assert.Equal(1, _server.GetDropCount(SfuDropReason.StunUnknownUser));
        Assert.Equal(1, _server.GetDropCount(SfuDropReason.SrtpAuth));
        Assert.True(consumer.PacketsSent >= 2);
    }

    [Fact]
    public async Task Forwarding_AfterWarmUp_AllocatesNothingPerPacket()
    {
        (SfuTestPeer alice, SfuTestPeer bob, Consumer consumer) = await ConnectPublisherAndSubscriberAsync();
        const int WarmUp = 50;
        const int Measured = 500;
        var datagrams = new byte[WarmUp + Measured][];
        for (int i = 0; i < datagrams.Length; i++)
        {
            datagrams[i] = alice.ProtectRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(2000 + i), (uint)(i * 3000), keyFrame: i == 0, fill: 7));
        }

        long allocated = SfuReceivePathAllocations.Measure(_server, alice.LocalEndPoint.Serialize(), datagrams, WarmUp);

        Assert.Equal(0, allocated);
        Assert.Equal(WarmUp + Measured, consumer.PacketsSent);
    }

    [Fact]
    public void ConsentExpired_Sweep_ClosesTransportAndFreesEverything()
    {
        var time = new ManualTimeProvider();
        using var server = new SfuServer(new SfuOptions { Port = 0, MaintenanceInterval = TimeSpan.FromHours(1) }, time);
        Router room = server.GetOrCreateRouter("room");
        using var alice = new SfuTestPeer(server.LocalEndPoint);
        Assert.True(room.Negotiate("alice", alice.Offer("camera"), RouterNegotiateTests.CameraAndMic, null).Succeeded);
        string? disconnected = null;
        room.ParticipantDisconnected += (_, participant, _) => disconnected = participant;

        time.Advance(TimeSpan.FromSeconds(29));
        server.RunMaintenance();
        Assert.Equal(1, server.TransportCount);

        time.Advance(TimeSpan.FromSeconds(2));
        server.RunMaintenance();
        Assert.Equal(0, server.TransportCount);
        Assert.Empty(room.Producers);
        Assert.Null(room.GetTransport("alice"));
        Assert.Equal("alice", disconnected);
    }

    private async Task<(SfuTestPeer Alice, SfuTestPeer Bob, Consumer Consumer)> ConnectPublisherAndSubscriberAsync()
    {
        var (alice, published, bob) = await SfuTestConnect.AliceToBobAsync(_server, Room, _peers, Wait);
        _answers["alice"] = published.AnswerSdp!;
        return (alice, bob, Room.GetTransport("bob")!.Consumers.Single());
    }

    private readonly Dictionary<string, string> _answers = [];

    private string AnswerUfrag(string participant) =>
        Sdp.ChromiumOffers.RawValues(_answers[participant], "ice-ufrag")[0];

    private static RtpHeader Parse(byte[] packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        return header;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => SfuTestWait.UntilAsync(condition, Wait);
}
