using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Live.Media.Dtls;
using Live.Media.Net;
using Live.Media.Rtp;
using Live.Media.Sdp;
using Live.Media.Srtp;
using Live.Tests.Unit.Media.Dtls;
using Live.Tests.Unit.Media.Ice;
using Live.Tests.Unit.Media.Sdp;
using Org.BouncyCastle.Tls;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A browser stand-in built from our own layers and BouncyCastle's DTLS client: a UDP socket, an ICE check with
/// USE-CANDIDATE as Chromium sends it, a DTLS-SRTP handshake, and SRTP on both directions. Everything it receives
/// after the handshake is decrypted and queued for the test.
/// </summary>
internal sealed class SfuTestPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
    private readonly DtlsDatagramTransport _dtls;
    private readonly Thread _receiver;
    private readonly object _sendLock = new();
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private DtlsTransport? _client;
    private volatile bool _disposed;

    public SfuTestPeer(IPEndPoint server)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(server);
        _dtls = new DtlsDatagramTransport(datagram => _socket.Send(datagram));
        _receiver = new Thread(Receive) { IsBackground = true, Name = "sfu-test-peer" };
        _receiver.Start();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public string Ufrag { get; } = "peer" + Random.Shared.Next(1000, 9999);

    public BlockingCollection<byte[]> Rtp { get; } = new();

    public BlockingCollection<byte[]> Rtcp { get; } = new();

    public int StunResponses;

    /// <summary>A captured Chromium offer with this peer's ICE credentials and certificate fingerprint.</summary>
    public string Offer(string name)
    {
        string offer = ChromiumOffers.Read(name);
        return offer
            .Replace($"a=ice-ufrag:{ChromiumOffers.RawValues(offer, "ice-ufrag")[0]}", $"a=ice-ufrag:{Ufrag}")
            .Replace(ChromiumOffers.RawValues(offer, "fingerprint")[0], _certificate.Fingerprint.ToString());
    }

    /// <summary>ICE check with USE-CANDIDATE, then the DTLS handshake as client; returns when SRTP is ready.</summary>
    public async Task ConnectAsync(string answerSdp)
    {
        Assert.True(SdpParser.TryParse(answerSdp, out SessionDescription answer, out string error), error);
        MediaDescription media = answer.Media.First(m => m.Port != 0);
        SendCheck(media.IceUfrag!, media.IcePassword!, useCandidate: true);
        var client = new TestDtlsSrtpClient(_certificate, TestDtlsSrtpClient.ChromiumProfiles);
        _client = await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, _dtls),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(20));
        DtlsSrtpKeys keys = client.Keys!;
        var profile = (SrtpProfile)(ushort)keys.Profile;
        _inbound = new SrtpContext(new SrtpMasterKey(profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span));
        _outbound = new SrtpContext(new SrtpMasterKey(profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span));
    }

    public void SendCheck(string serverUfrag, string password, bool useCandidate) =>
        _socket.Send(new IceCheck($"{serverUfrag}:{Ufrag}", password) { UseCandidate = useCandidate }.Build());

    /// <summary>Protects a plain RTP packet as this peer's SRTP sender would.</summary>
    public byte[] ProtectRtp(byte[] plain)
    {
        lock (_sendLock)
        {
            var buffer = new byte[plain.Length + 16];
            plain.CopyTo(buffer, 0);
            Assert.True(_outbound!.TryProtectRtp(buffer, plain.Length, out int length));
            return buffer[..length];
        }
    }

    public void SendRtp(byte[] plain) => _socket.Send(ProtectRtp(plain));

    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.Send(datagram);

    public void SendRtcp(byte[] plain)
    {
        lock (_sendLock)
        {
            var buffer = new byte[plain.Length + 32];
            plain.CopyTo(buffer, 0);
            Assert.True(_outbound!.TryProtectRtcp(buffer, plain.Length, out int length));
            _socket.Send(buffer.AsSpan(0, length));
        }
    }

    /// <summary>Builds a VP8 RTP packet: a keyframe start (S=1, PID 0, P=0, RFC 7741 §4.2-4.3) or an interframe.</summary>
    public static byte[] Vp8Packet(uint ssrc, ushort sequence, uint timestamp, bool keyFrame, byte fill)
    {
        byte[] payload = new byte[200];
        payload[0] = 0x10; // S=1, PID=0
        payload[1] = keyFrame ? (byte)0x00 : (byte)0x01; // VP8 payload header: P bit 0 = keyframe
        payload.AsSpan(2).Fill(fill);
        var builder = new RtpPacketBuilder { PayloadType = 96, SequenceNumber = sequence, Timestamp = timestamp, Ssrc = ssrc, Payload = payload };
        var packet = new byte[builder.GetSerializedSize()];
        builder.WriteTo(packet);
        return packet;
    }

    public void Dispose()
    {
        _disposed = true;
        try
        {
            _client?.Close();
        }
        catch (Exception)
        {
            // The server may already be gone.
        }

        _dtls.Close();
        _socket.Dispose();
    }

    private void Receive()
    {
        var buffer = new byte[2048];
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                {
                    return;
                }

                continue;
            }

            var datagram = buffer.AsSpan(0, length);
            switch (PacketClassifier.Classify(datagram))
            {
                case PacketKind.Stun:
                    Interlocked.Increment(ref StunResponses);
                    break;
                case PacketKind.Dtls:
                    _dtls.Enqueue(datagram);
                    break;
                case PacketKind.Rtp when _inbound is { } inbound && inbound.TryUnprotectRtp(datagram, length, out int plain):
                    Rtp.Add(datagram[..plain].ToArray());
                    break;
                case PacketKind.Rtcp when _inbound is { } inbound && inbound.TryUnprotectRtcp(datagram, length, out int plain):
                    Rtcp.Add(datagram[..plain].ToArray());
                    break;
            }
        }
    }
}
