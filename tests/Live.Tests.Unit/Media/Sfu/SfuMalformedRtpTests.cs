using Live.Media.Sfu;
using Live.Media.Srtp;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// RTP and RTCP from a connected peer's address that are too short for their header or SRTP trailer are malformed
/// (<c>rtp-malformed</c>, <c>rtcp-malformed</c>), not an SRTP failure of another kind (<c>srtp-other</c>).
/// </summary>
public sealed class SfuMalformedRtpTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly SfuServer _server = new(new SfuOptions { Port = 0, TcpEnabled = false });
    private readonly List<SfuTestPeer> _peers = [];

    public void Dispose()
    {
        _peers.ForEach(p => p.Dispose());
        _server.Dispose();
    }

    [Theory]
    [InlineData(SrtpError.Truncated, false, SfuDropReason.RtpMalformed)]
    [InlineData(SrtpError.InvalidHeader, false, SfuDropReason.RtpMalformed)]
    [InlineData(SrtpError.Truncated, true, SfuDropReason.RtcpMalformed)]
    [InlineData(SrtpError.InvalidHeader, true, SfuDropReason.RtcpMalformed)]
    [InlineData(SrtpError.AuthFailed, false, SfuDropReason.SrtpAuth)]
    [InlineData(SrtpError.Replayed, true, SfuDropReason.SrtpReplay)]
    [InlineData(SrtpError.StreamLimitReached, false, SfuDropReason.SrtpOther)]
    public void ToDropReason_MalformedIsMalformed_OtherReasonsUnchanged(SrtpError error, bool rtcp, SfuDropReason expected) =>
        Assert.Equal(expected, WebRtcTransport.ToDropReason(error, rtcp));

    [Fact]
    public async Task TruncatedRtpAndRtcp_FromConnectedPeer_CountedAsMalformedNotSrtpOther()
    {
        Router room = _server.GetOrCreateRouter("room");
        var (alice, _) = await SfuTestConnect.ConnectAsync(_server, room, "alice", "camera", _peers, Wait,
            publish: RouterNegotiateTests.CameraAndMic);

        // 20 octets: a whole RTP fixed header (so the classifier passes it on) but no room for its 16-octet GCM tag.
        byte[] shortRtp = new byte[20];
        shortRtp[0] = 0x80;
        shortRtp[1] = 96;
        // A header announcing 15 CSRCs (60 octets) in 40.
        byte[] csrcOverrun = new byte[40];
        csrcOverrun[0] = 0x8F;
        csrcOverrun[1] = 96;
        // An RTCP sender report header with no SRTCP trailer (E‖index and tag).
        byte[] shortRtcp = [0x80, 200, 0, 1, 0, 0, 0, 1, 0, 0];

        alice.SendRaw(shortRtp);
        alice.SendRaw(csrcOverrun);
        alice.SendRaw(shortRtcp);

        await SfuTestWait.UntilAsync(() => _server.GetDropCount(SfuDropReason.RtpMalformed) == 2
            && _server.GetDropCount(SfuDropReason.RtcpMalformed) == 1, Wait);
        Assert.Equal(0, _server.GetDropCount(SfuDropReason.SrtpOther));
        Assert.Equal(0, _server.GetDropCount(SfuDropReason.SrtpAuth));
    }
}
