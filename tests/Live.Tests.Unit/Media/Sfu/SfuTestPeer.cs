using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Live.Media.Dtls;
using Live.Media.Net;
using Live.Media.Net.Tcp;
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
/// after the handshake is decrypted and queued for the test. Over UDP, or over TCP to the server's passive candidate
/// with RFC 4571 framing (our own reader), as a browser whose UDP is blocked would connect (RFC 6544 active side).
/// </summary>
internal sealed class SfuTestPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly bool _tcp;
    private readonly ManualResetEventSlim _reading = new(true);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
    private readonly DtlsDatagramTransport _dtls;
    private readonly Thread _receiver;
    private readonly object _sendLock = new();
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private DtlsTransport? _client;
    private volatile bool _disposed;

    /// <param name="tcp">Connect to <paramref name="server"/> over TCP (the server's TCP port) instead of UDP.</param>
    /// <param name="socketBufferBytes">SO_RCVBUF/SO_SNDBUF (set before connecting, so a small TCP window is advertised).</param>
    public SfuTestPeer(IPEndPoint server, bool tcp = false, int? socketBufferBytes = null)
    {
        _tcp = tcp;
        _socket = tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        if (socketBufferBytes is int bytes)
        {
            _socket.ReceiveBufferSize = bytes;
            _socket.SendBufferSize = bytes;
        }

        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(server);
        _dtls = new DtlsDatagramTransport(datagram => SendRaw(datagram));
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

    /// <summary>
    /// ICE check with USE-CANDIDATE, then the DTLS handshake as client; returns when SRTP is ready.
    /// <paramref name="beforeDtls"/> runs between the two with the server's ICE ufrag and password (another check).
    /// </summary>
    public async Task ConnectAsync(string answerSdp, Action<string, string>? beforeDtls = null)
    {
        Assert.True(SdpParser.TryParse(answerSdp, out SessionDescription answer, out string error), error);
        MediaDescription media = answer.Media.First(m => m.Port != 0);
        SendCheck(media.IceUfrag!, media.IcePassword!, useCandidate: true);
        beforeDtls?.Invoke(media.IceUfrag!, media.IcePassword!);
        var client = new TestDtlsSrtpClient(_certificate, TestDtlsSrtpClient.ChromiumProfiles);
        _client = await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, _dtls),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(20));
        DtlsSrtpKeys keys = client.Keys!;
        var profile = (SrtpProfile)(ushort)keys.Profile;
        _inbound = new SrtpContext(new SrtpMasterKey(profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span));
        _outbound = new SrtpContext(new SrtpMasterKey(profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span));
    }

    public void SendCheck(string serverUfrag, string password, bool useCandidate) =>
        SendRaw(new IceCheck($"{serverUfrag}:{Ufrag}", password) { UseCandidate = useCandidate }.Build());

    /// <summary>Stops reading the socket (a subscriber whose app hangs): over TCP the server's sends back up.</summary>
    public void StopReading() => _reading.Reset();

    public void ResumeReading() => _reading.Set();

    /// <summary>RTP packets received and decrypted (whether or not the test took them).</summary>
    public int RtpReceived;

    /// <summary>SRTP packets received after the handshake that did not unprotect (authentication or replay failures).</summary>
    public int RtpRejected;

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

    public void SendRtp(byte[] plain) => SendRaw(ProtectRtp(plain));

    /// <summary>Sends one datagram, or one RFC 4571 frame over TCP.</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        if (!_tcp)
        {
            _socket.Send(datagram);
            return;
        }

        byte[] frame = new byte[Rfc4571Framing.HeaderLength + datagram.Length];
        Assert.True(Rfc4571Framing.TryWrite(datagram, frame, out _));
        lock (_sendLock)
        {
            _socket.Send(frame);
        }
    }

    /// <summary>Sends bytes as they are (over TCP: no framing added), for tests of bad framing.</summary>
    public void SendUnframed(ReadOnlySpan<byte> bytes) => _socket.Send(bytes);

    public void SendRtcp(byte[] plain) => SendRaw(ProtectRtcp(plain));

    /// <summary>Protects a plain RTCP packet (or compound) as this peer's SRTCP sender would.</summary>
    public byte[] ProtectRtcp(byte[] plain)
    {
        var buffer = new byte[plain.Length + 32];
        int length;
        lock (_sendLock)
        {
            plain.CopyTo(buffer, 0);
            Assert.True(_outbound!.TryProtectRtcp(buffer, plain.Length, out length));
        }

        return buffer[..length];
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
        _reading.Set();
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
        var frames = new Rfc4571FrameReader();
        while (!_disposed)
        {
            _reading.Wait();
            int length;
            try
            {
                length = _tcp ? _socket.Receive(frames.GetWritableMemory().Span) : _socket.Receive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed || _tcp)
                {
                    return;
                }

                continue;
            }

            if (!_tcp)
            {
                OnDatagram(buffer.AsSpan(0, length));
                continue;
            }

            if (length == 0)
            {
                return; // the server closed the connection
            }

            frames.Advance(length);
            while (frames.TryRead(out Span<byte> frame))
            {
                OnDatagram(frame);
            }
        }
    }

    private void OnDatagram(Span<byte> datagram)
    {
        int length = datagram.Length;
        switch (PacketClassifier.Classify(datagram))
        {
            case PacketKind.Stun:
                Interlocked.Increment(ref StunResponses);
                break;
            case PacketKind.Dtls:
                _dtls.Enqueue(datagram);
                break;
            case PacketKind.Rtp when _inbound is { } inbound:
                if (!inbound.TryUnprotectRtp(datagram, length, out int plainLength))
                {
                    Interlocked.Increment(ref RtpRejected);
                    break;
                }

                Interlocked.Increment(ref RtpReceived);
                Rtp.Add(datagram[..plainLength].ToArray());
                break;
            case PacketKind.Rtcp when _inbound is { } inbound && inbound.TryUnprotectRtcp(datagram, length, out int plain):
                Rtcp.Add(datagram[..plain].ToArray());
                break;
        }
    }
}
