using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Live.Media.Dtls;
using Live.Media.Srtp;

namespace Live.SfuLoad;

/// <summary>
/// One WebRTC transport of the load client: a UDP socket on 127.0.0.1 connected to the server's candidate, ICE
/// (<c>PeerTransport.Ice.cs</c>), DTLS-SRTP (<c>PeerTransport.Dtls.cs</c>) and a receive loop that hands SRTP to an
/// <see cref="IRtpReceiver"/>. Receive loops are plain async loops; the process runs them all on one socket event
/// thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS, see bench/sfu/run.sh).
/// </summary>
public sealed partial class PeerTransport : IDisposable
{
    private const int ReceiveBufferSize = 2048;
    // Room for a subscriber's burst of video packets between two turns of the event loop.
    private const int SocketReceiveBufferBytes = 1 << 20;

    private readonly Socket _socket;
    private readonly IRtpReceiver? _receiver;
    private RemoteDescription? _remote;
    private volatile bool _closed;

    public PeerTransport(DtlsCertificate certificate, IRtpReceiver? receiver)
    {
        Certificate = certificate;
        _receiver = receiver;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = SocketReceiveBufferBytes;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        LocalUfrag = RandomText(8);
        LocalPwd = RandomText(24);
        _localPasswordKey = System.Text.Encoding.UTF8.GetBytes(LocalPwd);
        _dtlsTransport = new DtlsDatagramTransport(Send);
    }

    public DtlsCertificate Certificate { get; }
    public int LocalPort { get; }
    public string LocalUfrag { get; }
    public string LocalPwd { get; }

    /// <summary>Stopwatch timestamp when DTLS completed and SRTP keys exist; 0 before.</summary>
    public long ConnectedAt { get; private set; }

    /// <summary>Why the transport failed, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Decrypts what the server sends (set once DTLS completes).</summary>
    public SrtpContext? Inbound { get; private set; }

    /// <summary>Protects what the client sends (set once DTLS completes).</summary>
    public SrtpContext? Outbound { get; private set; }

    public long RtcpReceived;

    /// <summary>Starts ICE toward the server's candidate; DTLS follows once a check succeeded.</summary>
    public void Start(RemoteDescription remote, IceRole role, bool dtlsClient)
    {
        _remote = remote;
        _role = role;
        _dtlsClient = dtlsClient;
        _remotePasswordKey = System.Text.Encoding.UTF8.GetBytes(remote.IcePwd);
        _username = $"{remote.IceUfrag}:{LocalUfrag}";
        _socket.Connect(remote.Candidate);
        _ = ReceiveLoopAsync();
        TransportClock.Register(this);
    }

    /// <summary>Sends one datagram to the server; drops it silently once closed.</summary>
    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (_closed) return;
        try { _socket.Send(datagram); }
        catch (SocketException) { } // ICMP unreachable after the server left; the run notices through counters
        catch (ObjectDisposedException) { }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[ReceiveBufferSize];
        while (!_closed)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
            }
            catch (SocketException) { continue; } // a connected UDP socket reports ICMP errors as receive failures
            catch (ObjectDisposedException) { return; }
            Dispatch(buffer.AsSpan(0, length));
        }
    }

    // RFC 7983 §7: the first byte tells STUN (0–3), DTLS (20–63) and RTP/RTCP (128–191) apart.
    private void Dispatch(Span<byte> datagram)
    {
        if (datagram.Length < 2) return;
        byte first = datagram[0];
        if (first < 4) OnStun(datagram);
        else if (first is >= 20 and <= 63) OnDtls(datagram);
        else if (first is >= 128 and <= 191)
        {
            // RFC 5761 §4: payload types 192–223 on a muxed port are RTCP.
            if (datagram[1] is >= 192 and <= 223) Interlocked.Increment(ref RtcpReceived);
            else _receiver?.OnRtp(this, datagram, Stopwatch.GetTimestamp());
        }
    }

    private void Fail(string reason)
    {
        Failure ??= reason;
    }

    private static string RandomText(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        });
    }

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        TransportClock.Unregister(this);
        _dtlsTransport.Close();
        _socket.Dispose();
    }
}
