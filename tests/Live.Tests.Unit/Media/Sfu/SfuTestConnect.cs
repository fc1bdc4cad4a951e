using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>How the SFU loopback tests bring a peer of their own into a room.</summary>
internal static class SfuTestConnect
{
    /// <summary>
    /// Creates a peer for <paramref name="server"/> (kept in <paramref name="peers"/> for disposal), negotiates its
    /// <paramref name="offer"/> with <paramref name="room"/>, completes ICE and DTLS, and waits until the room's
    /// transport for it is connected. With <paramref name="tcp"/> the peer connects to the server's TCP port (RFC 6544).
    /// </summary>
    public static async Task<(SfuTestPeer Peer, NegotiationResult Answer)> ConnectAsync(
        SfuServer server, Router room, string participantId, string offer, List<SfuTestPeer> peers, TimeSpan wait,
        IReadOnlyDictionary<string, TrackSource>? publish = null, IReadOnlyDictionary<string, string>? subscribe = null,
        bool tcp = false, int? socketBufferBytes = null, bool hidden = false)
    {
        var peer = new SfuTestPeer(tcp ? server.TcpLocalEndPoint! : server.LocalEndPoint, tcp, socketBufferBytes);
        peers.Add(peer);
        NegotiationResult answer = room.Negotiate(participantId, peer.Offer(offer), publish, subscribe, hidden);
        Assert.True(answer.Succeeded, answer.Error);
        await peer.ConnectAsync(answer.AnswerSdp!);
        await SfuTestWait.UntilAsync(() => room.GetTransport(participantId)!.IsConnected, wait);
        return (peer, answer);
    }

    /// <summary>Alice publishes her camera and microphone; Bob subscribes to her camera.</summary>
    public static async Task<(SfuTestPeer Alice, NegotiationResult AliceAnswer, SfuTestPeer Bob)> AliceToBobAsync(
        SfuServer server, Router room, List<SfuTestPeer> peers, TimeSpan wait)
    {
        var (alice, published) = await ConnectAsync(server, room, "alice", "camera", peers, wait, publish: RouterNegotiateTests.CameraAndMic);
        var (bob, _) = await ConnectAsync(server, room, "bob", "recvonly", peers, wait,
            subscribe: new Dictionary<string, string> { ["1"] = "alice:Camera" });
        return (alice, published, bob);
    }
}
