using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Live.Media.Dtls;
using Live.Media.Ice;
using Live.Media.Srtp;

namespace Live.Media.Sfu;

/// <summary>
/// One participant's WebRTC connection to the SFU (mediasoup's WebRtcTransport): an ICE-lite agent, a DTLS-SRTP
/// session in the server role, and the SRTP contexts it yields; the producers it receives and the consumers it sends.
/// All of its traffic shares the server's single UDP port; after ICE nomination it is found by the browser's address.
/// </summary>
public sealed partial class WebRtcTransport : IDisposable
{
    // Room for one full-size datagram plus the SRTP tag or SRTCP trailer the protection appends.
    private const int SendBufferLength = 2048;

    private readonly object _sendLock = new();
    private readonly byte[] _sendBuffer;
    private volatile SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private volatile Producer[] _producers = [];
    private volatile Consumer[] _consumers = [];
    private int _dtlsStarted;
    private volatile WebRtcTransportState _state = WebRtcTransportState.New;

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
        Dtls = new DtlsSession(Certificate, remoteFingerprint, SendDtls, server.Options.Dtls);
        _sendBuffer = ArrayPool<byte>.Shared.Rent(SendBufferLength);
        SfuMetrics.TransportOpened();
    }

    public string ParticipantId { get; }

    public Router Router { get; }

    public WebRtcTransportState State => _state;

    /// <summary>True once DTLS produced SRTP keys: media can flow.</summary>
    public bool IsConnected => _state == WebRtcTransportState.Connected;

    /// <summary>The browser's address selected by ICE, or null before nomination.</summary>
    public SocketAddress? RemoteAddress => Ice.SelectedRemote;

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
        Dtls.Dispose();
        lock (_sendLock)
        {
            _outbound?.Dispose();
            _outbound = null;
            ArrayPool<byte>.Shared.Return(_sendBuffer);
        }

        // The inbound context may be in use on the receive thread right now; the GC finalizes its cipher.
        _inbound = null;
        SfuMetrics.TransportClosed();
    }

    private void OnSelectedRemoteChanged(IceLiteAgent agent, SocketAddress remote)
    {
        Server.RegisterAddress(this, remote);
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

        // Consumers created before the subscriber connected could not start: ask their producers for a keyframe now.
        foreach (Consumer consumer in _consumers)
        {
            consumer.Producer.RequestKeyFrame(Server.Time, TimeSpan.Zero);
        }
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        if (Ice.SelectedRemote is { } remote)
        {
            Server.Send(datagram, remote);
        }
    }
}
