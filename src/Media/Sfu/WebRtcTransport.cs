using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Live.Media.Dtls;
using Live.Media.Ice;
using Live.Media.Net.Tcp;
using Live.Media.Srtp;

namespace Live.Media.Sfu;

/// <summary>
/// One participant's WebRTC connection to the SFU (mediasoup's WebRtcTransport): an ICE-lite agent, a DTLS-SRTP
/// session in the server role, and the SRTP contexts it yields; the producers it receives and the consumers it sends.
/// All of its traffic shares the server's single UDP port, or one TCP connection to the server's TCP port (RFC 6544);
/// after ICE nomination it is found by the browser's address (UDP) or on the connection (TCP).
/// </summary>
public sealed partial class WebRtcTransport : IDisposable, IPacketSink
{
    // Room for one full-size datagram plus the SRTP tag or SRTCP trailer the protection appends.
    private const int SendBufferLength = 2048;

    // A browser checks from one UDP socket per network interface; a few cover a laptop's Wi-Fi, wired and VPN.
    private const int MaxUdpAddresses = 4;

    private readonly object _sendLock = new();
    private readonly byte[] _sendBuffer;
    private volatile SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private volatile Producer[] _producers = [];
    private volatile Consumer[] _consumers = [];
    private int _dtlsStarted;
    private volatile WebRtcTransportState _state = WebRtcTransportState.New;
    private volatile TcpMediaConnection? _tcpPath;
    private readonly object _pathLock = new();
    private SocketAddress? _pathRemote;
    private bool? _pathIsTcp;
    // The browser's UDP addresses that passed an authenticated check, oldest first; guarded by _pathLock.
    private readonly List<SocketAddress> _udpAddresses = new(MaxUdpAddresses);

    internal WebRtcTransport(SfuServer server, Router router, string participantId, DtlsFingerprint remoteFingerprint,
        string remoteUfrag, string? remotePassword)
    {
        Server = server;
        Router = router;
        ParticipantId = participantId;
        RemoteFingerprint = remoteFingerprint;
        RtcpSsrc = RandomSsrc();
        SdpSessionId = (ulong)RandomNumberGenerator.GetInt32(int.MaxValue) + 1;
        Ice = new IceLiteAgent(IceCredentials.Generate(), server.Time);
        Ice.SetRemoteCredentials(remoteUfrag, remotePassword);
        Ice.SelectedRemoteChanged += OnSelectedRemoteChanged;
        Certificate = DtlsCertificate.Current;
        Dtls = new DtlsSession(Certificate, remoteFingerprint, SendDtls, server.Options.Dtls, server.HandshakePool);
        _sendBuffer = ArrayPool<byte>.Shared.Rent(SendBufferLength);
        SfuMetrics.TransportOpened();
    }

    public string ParticipantId { get; }

    /// <summary>
    /// True for a participant guests must not notice (an observer): what it subscribes to never makes the SFU ask a
    /// publisher for a keyframe; it waits for the producer's cadence instead. Set by each negotiation.
    /// </summary>
    public bool IsHidden { get; internal set; }

    public Router Router { get; }

    public WebRtcTransportState State => _state;

    /// <summary>True once DTLS produced SRTP keys: media can flow.</summary>
    public bool IsConnected => _state == WebRtcTransportState.Connected;

    /// <summary>The browser's address selected by ICE, or null before nomination.</summary>
    public SocketAddress? RemoteAddress => Ice.SelectedRemote;

    /// <summary>True when the selected path is a TCP connection (RFC 6544), false on UDP, null before nomination.</summary>
    public bool? IsTcp => _pathIsTcp;

    /// <summary>The TCP connection ICE selected, or null when the path is UDP (or not chosen yet).</summary>
    internal TcpMediaConnection? TcpPath => _tcpPath;

    public IReadOnlyList<Producer> Producers => _producers;

    public IReadOnlyList<Consumer> Consumers => _consumers;

    /// <summary>Why the DTLS handshake failed, when it did.</summary>
    public DtlsHandshakeResult? HandshakeResult { get; private set; }

    internal SfuServer Server { get; }

    internal IceLiteAgent Ice { get; }

    internal DtlsSession Dtls { get; }

    internal DtlsCertificate Certificate { get; }

    internal DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>The SSRC the SFU uses as sender of its RTCP (RR, PLI, NACK) on this transport.</summary>
    internal uint RtcpSsrc { get; }

    internal ulong SdpSessionId { get; }

    internal ulong SdpSessionVersion { get; set; }

    /// <summary>The publisher's id for the MID header extension, to learn SSRCs that the offer did not announce.</summary>
    internal byte IncomingMidExtensionId { get; set; }

    /// <summary>The publisher's id for the RtpStreamId extension (RFC 8852 §3.1), 0 when not negotiated.</summary>
    internal byte IncomingRidExtensionId { get; set; }

    /// <summary>The publisher's id for the RepairedRtpStreamId extension (RFC 8852 §3.2), 0 when not negotiated.</summary>
    internal byte IncomingRepairedRidExtensionId { get; set; }

    /// <summary>Completes when the DTLS handshake ends (either way); null until ICE nominated an address.</summary>
    internal Task? HandshakeTask { get; private set; }

    public void Dispose() => Router.CloseParticipant(ParticipantId);

    internal static uint RandomSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    internal void SetProducers(Producer[] producers) => _producers = producers;

    internal void SetConsumers(Consumer[] consumers) => _consumers = consumers;

    /// <summary>Closes DTLS and SRTP; the router has already detached producers and consumers.</summary>
    internal void CloseInternal()
    {
        if (_state == WebRtcTransportState.Closed)
        {
            return;
        }

        _state = WebRtcTransportState.Closed;
        Ice.SelectedRemoteChanged -= OnSelectedRemoteChanged;
        Server.Unregister(this);
        lock (_pathLock)
        {
            SfuMetrics.PathChanged(_pathIsTcp, null);
            _pathIsTcp = null;
        }

        // The browser opened the connection for this transport only; nobody else can use it.
        _tcpPath?.Close();
        Dtls.Dispose();
        lock (_sendLock)
        {
            _outbound?.Dispose();
            _outbound = null;
            ArrayPool<byte>.Shared.Return(_sendBuffer);
        }

        // The inbound context may be in use in the router's packet lane right now; the GC finalizes its cipher.
        _inbound = null;
        SfuMetrics.TransportClosed();
    }

    /// <summary>
    /// A nominating check arrived on <paramref name="tcp"/> (null: on UDP from the agent's selected address): media
    /// now flows there. Only a change costs anything; repeated nominations of the same path return at once.
    /// </summary>
    internal void SelectPath(TcpMediaConnection? tcp)
    {
        SocketAddress? remote = Ice.SelectedRemote;
        if (remote is null || (tcp == _tcpPath && ReferenceEquals(remote, _pathRemote)) || _state == WebRtcTransportState.Closed)
        {
            return;
        }

        lock (_pathLock)
        {
            _pathRemote = remote;
            _tcpPath = tcp;
            if (tcp is null)
            {
                AcceptUdpAddressLocked(remote);
            }

            bool isTcp = tcp is not null;
            if (_pathIsTcp != isTcp)
            {
                SfuMetrics.PathChanged(_pathIsTcp, isTcp);
                _pathIsTcp = isTcp;
            }
        }
    }

    /// <summary>
    /// An authenticated check arrived over UDP from <paramref name="remote"/>: datagrams from there are this browser's
    /// even when another pair is selected for sending (RFC 8445 §12.2: be prepared to receive on any pair). Firefox
    /// keeps sending DTLS on UDP while its TCP check also nominated, and a path change has packets in flight on both.
    /// Allocates only for an address not seen before; the oldest of <see cref="MaxUdpAddresses"/> makes room.
    /// </summary>
    internal void AcceptUdpAddress(SocketAddress remote)
    {
        if (_state == WebRtcTransportState.Closed)
        {
            return;
        }

        lock (_pathLock)
        {
            AcceptUdpAddressLocked(remote);
        }
    }

    private void AcceptUdpAddressLocked(SocketAddress remote)
    {
        foreach (SocketAddress known in _udpAddresses)
        {
            if (known.Equals(remote))
            {
                return;
            }
        }

        if (_udpAddresses.Count == MaxUdpAddresses)
        {
            Server.UnregisterAddress(this, _udpAddresses[0]);
            _udpAddresses.RemoveAt(0);
        }

        // A receive loop reuses its SocketAddress for the next datagram, so keep a copy.
        var copy = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.Span[..remote.Size].CopyTo(copy.Buffer.Span);
        _udpAddresses.Add(copy);
        Server.RegisterAddress(this, copy);
    }

    /// <summary>The TCP connection closed; if it was the path, nothing can be sent until the browser nominates another.</summary>
    internal void OnTcpPathClosed(TcpMediaConnection connection)
    {
        lock (_pathLock)
        {
            if (_tcpPath == connection)
            {
                _tcpPath = null;
                _pathRemote = null;
            }
        }
    }

    /// <summary>Sends one datagram on the selected path: the UDP socket, or the TCP connection's bounded queue (never blocks).</summary>
    private bool SendDatagram(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (_tcpPath is { } tcp)
        {
            return tcp.TrySend(datagram);
        }

        // A TCP path that closed leaves no UDP path behind: say so rather than send to the TCP peer's address over UDP.
        return _pathIsTcp != true && Server.Send(datagram, remote);
    }

    private void OnSelectedRemoteChanged(IceLiteAgent agent, SocketAddress remote)
    {
        if (Interlocked.Exchange(ref _dtlsStarted, 1) == 0)
        {
            _state = WebRtcTransportState.Connecting;
            HandshakeTask = Dtls.HandshakeAsync().ContinueWith(t => OnHandshakeFinished(t.Result), TaskScheduler.Default);
        }
    }

    private void OnHandshakeFinished(DtlsHandshakeResult result)
    {
        HandshakeResult = result;
        if (_state == WebRtcTransportState.Closed)
        {
            return;
        }

        if (!result.Succeeded)
        {
            _state = WebRtcTransportState.Failed;
            return;
        }

        DtlsSrtpKeys keys = result.Keys!;
        var profile = (SrtpProfile)(ushort)keys.Profile;
        var inbound = new SrtpContext(new SrtpMasterKey(profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span));
        var outbound = new SrtpContext(new SrtpMasterKey(profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span));
        lock (_sendLock)
        {
            if (_state == WebRtcTransportState.Closed)
            {
                inbound.Dispose();
                outbound.Dispose();
                return;
            }

            _outbound = outbound;
            _inbound = inbound;
            _state = WebRtcTransportState.Connected;
        }

        // Consumers created before the subscriber connected could not start: ask their producers for a keyframe now
        // (of the layer each one starts on, for a simulcast producer).
        foreach (Consumer consumer in _consumers)
        {
            consumer.RequestKeyFrame();
        }
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        if (Ice.SelectedRemote is { } remote)
        {
            SendDatagram(datagram, remote);
        }
    }
}
