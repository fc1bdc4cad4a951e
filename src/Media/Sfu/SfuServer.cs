using System.Collections.Concurrent;
using System.Net;
using Live.Media.Dtls;
using Live.Media.Ice;
using Live.Media.Net;
using Live.Media.Net.Tcp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Live.Media.Sfu;

/// <summary>
/// The data plane of one silo: one UDP port (one <see cref="UdpEndpoint"/> with <see cref="SfuOptions.ReceiveWorkers"/>
/// receive loops) shared by every transport of every router, demultiplexed per RFC 7983, each router's packets run in
/// its <see cref="PacketLane"/> whichever loop received them (docs/design.md "Receive loops"); and one TCP port (RFC 6544 passive candidate, RFC 4571
/// framing) whose connections feed the same demultiplexer; a maintenance timer that closes transports whose ICE consent
/// expired (RFC 7675) and sends the SFU's RTCP reports. Routers are the per-session units the control plane drives.
/// </summary>
public sealed partial class SfuServer : IDisposable
{
    private readonly ConcurrentDictionary<string, Router> _routers = new(StringComparer.Ordinal);
    private readonly UdpEndpoint _endpoint;
    private readonly TcpMediaListener? _tcp;
    private readonly ITimer _timer;
    private readonly long[] _drops = new long[Enum.GetValues<SfuDropReason>().Length];
    private readonly PacketHandlerFaults _handlerFaults;
    private long _lastReport;
    private long _closedLaneHandoffs;
    private int _transportCount;
    private volatile bool _disposed;

    /// <param name="logger">Where packet handler faults are logged (rate-limited per exception type); none when null.</param>
    public SfuServer(SfuOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Options = options ?? new SfuOptions();
        Options.Validate();
        Time = timeProvider ?? TimeProvider.System;
        HandshakePool = new DtlsHandshakePool(Options.MaxConcurrentHandshakes);
        RecordingWriters = new RecordingWriters(Options.MaxRecordingWriters);
        _handlerFaults = new PacketHandlerFaults(logger ?? NullLogger.Instance, Time);
        _endpoint = new UdpEndpoint(new IPEndPoint(Options.BindAddress, Options.Port), OnDatagram,
            Options.SocketBufferBytes > 0 ? Options.SocketBufferBytes : null, fault => _handlerFaults.Report(fault, "udp"),
            Options.ReceiveWorkers);
        Candidate = new IceHostCandidate("1", Options.GetCandidateAddress(), _endpoint.LocalEndPoint.Port);
        if (Options.TcpEnabled)
        {
            int tcpPort = Options.TcpPort ?? (Options.Port == 0 ? 0 : _endpoint.LocalEndPoint.Port);
            try
            {
                _tcp = new TcpMediaListener(new IPEndPoint(Options.BindAddress, tcpPort), OnTcpFrame, Options.Tcp, Time,
                    reason => Drop(ToDropReason(reason)), OnTcpClosed, fault => _handlerFaults.Report(fault, "tcp"));
            }
            catch
            {
                _endpoint.Dispose();
                throw;
            }

            TcpCandidate = new IceHostCandidate("2", Options.GetCandidateAddress(), _tcp.LocalEndPoint.Port, isTcpPassive: true);
            _tcp.Start();
        }

        _endpoint.Start();
        _timer = Time.CreateTimer(_ => RunMaintenance(), null, Options.MaintenanceInterval, Options.MaintenanceInterval);
    }

    /// <summary>How long <see cref="Dispose"/> waits for recording files to drain and close.</summary>
    public static readonly TimeSpan RecordingCloseOnDispose = TimeSpan.FromSeconds(5);

    public SfuOptions Options { get; }

    /// <summary>The workers this server's DTLS handshakes run on (bounded by <see cref="SfuOptions.MaxConcurrentHandshakes"/>).</summary>
    public DtlsHandshakePool HandshakePool { get; }

    /// <summary>The bounded threads this server's recording writers block on the disk with (<see cref="SfuOptions.MaxRecordingWriters"/>).</summary>
    public RecordingWriters RecordingWriters { get; }

    /// <summary>The clock for consent, rate limits and reports (a fake one in tests).</summary>
    public TimeProvider Time { get; }

    /// <summary>The bound UDP endpoint (its port is the ephemeral one when <see cref="SfuOptions.Port"/> is 0).</summary>
    public IPEndPoint LocalEndPoint => _endpoint.LocalEndPoint;

    /// <summary>The host candidate every answer carries: the advertised (or bound) address and the port.</summary>
    public IceHostCandidate Candidate { get; }

    /// <summary>The listening TCP endpoint, or null when <see cref="SfuOptions.TcpEnabled"/> is false.</summary>
    public IPEndPoint? TcpLocalEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The TCP passive candidate's address and port (RFC 6544), or null when TCP is off.</summary>
    public IceHostCandidate? TcpCandidate { get; }

    /// <summary>Open TCP media connections (authenticated or not).</summary>
    public int TcpConnectionCount => _tcp?.ConnectionCount ?? 0;

    public int RouterCount => _routers.Count;

    public int TransportCount => Volatile.Read(ref _transportCount);

    /// <summary>Datagrams this server received on its socket.</summary>
    public long DatagramsReceived => _endpoint.DatagramsReceived;

    /// <summary>Threads receiving on the UDP port (<see cref="SfuOptions.ReceiveWorkers"/>).</summary>
    public int ReceiveLoops => _endpoint.ReceiveLoops;

    /// <summary>Sockets bound to the UDP port: one per loop on Linux (SO_REUSEPORT), else one.</summary>
    public int UdpSocketCount => _endpoint.SocketCount;

    /// <summary>Packets that found their router's lane held by another thread and were run by that thread.</summary>
    public long LaneHandoffs => _routers.Values.Sum(r => r.Lane.HandedOff) + _closedLaneHandoffs;

    /// <summary>Datagrams or packets dropped for <paramref name="reason"/> since the server started.</summary>
    public long GetDropCount(SfuDropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>The router of a session, created on first use.</summary>
    public Router GetOrCreateRouter(string routerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(routerId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _routers.GetOrAdd(routerId, id => new Router(this, id));
    }

    public bool TryGetRouter(string routerId, out Router? router) => _routers.TryGetValue(routerId, out router);

    /// <summary>Closes a router with all its transports, producers and consumers.</summary>
    public bool CloseRouter(string routerId)
    {
        if (!_routers.TryRemove(routerId, out Router? router))
        {
            return false;
        }

        router.CloseAll();
        Interlocked.Add(ref _closedLaneHandoffs, router.Lane.HandedOff);
        return true;
    }

    /// <summary>
    /// One maintenance tick (the timer calls it; tests may too): closes transports whose consent expired or whose DTLS
    /// failed, and sends RTCP reports when the report interval has passed.
    /// </summary>
    public void RunMaintenance()
    {
        if (_disposed)
        {
            return;
        }

        // Browsers open a connection per local candidate; those their transport outlived are closed here.
        _tcp?.CloseStale(static c => c.Owner is WebRtcTransport { State: WebRtcTransportState.Closed });
        foreach (Router router in _routers.Values)
        {
            router.CloseExpired(Options.ConsentTimeout);
            router.RequestRecordingKeyFrames();
        }

        long last = Interlocked.Read(ref _lastReport);
        if (last == 0 || Time.GetElapsedTime(last) >= Options.ReportInterval)
        {
            Interlocked.Exchange(ref _lastReport, Time.GetTimestamp());
            foreach (Router router in _routers.Values)
            {
                router.SendReports();
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer.Dispose();
        var recordings = new List<Task>();
        foreach (Router router in _routers.Values)
        {
            CloseRouter(router.Id);
            recordings.Add(router.RecordingSettledAsync());
        }

        // Recording files close on their own writers; a clean shutdown gives them a moment to leave finalized files,
        // but a stalled disk does not hold the process.
        Task.WhenAll(recordings).Wait(RecordingCloseOnDispose);

        _tcp?.Dispose();
        _endpoint.Dispose();
        HandshakePool.Dispose();
    }

    internal bool TryReserveTransport()
    {
        if (Interlocked.Increment(ref _transportCount) <= Options.MaxTransports)
        {
            return true;
        }

        Interlocked.Decrement(ref _transportCount);
        return false;
    }

    internal void ReleaseTransport() => Interlocked.Decrement(ref _transportCount);

    /// <summary>
    /// A test hook: while set, every datagram in or out on the UDP port is dropped and counted
    /// (<see cref="SfuDropReason.UdpBlocked"/>), as if the network between browsers and silo had just started blocking
    /// UDP. TCP connections are untouched, so browsers must find their way onto ICE-TCP without leaving.
    /// </summary>
    public bool UdpBlocked
    {
        get => Volatile.Read(ref _udpBlocked);
        set => Volatile.Write(ref _udpBlocked, value);
    }

    private bool _udpBlocked;

    internal bool Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (UdpBlocked)
        {
            Drop(SfuDropReason.UdpBlocked);
            return false;
        }

        return _endpoint.Send(datagram, remote);
    }

    internal void Drop(SfuDropReason reason)
    {
        Interlocked.Increment(ref _drops[(int)reason]);
        SfuMetrics.Dropped(reason);
    }

    /// <summary>A lane for one router: its drops and its queued packets' faults are this server's.</summary>
    internal PacketLane CreateLane() => new(Drop, fault => _handlerFaults.Report(fault, "lane"));

    internal bool ShouldDropForTest() =>
        Options.DropForwardedVideoPercent > 0 && Random.Shared.NextDouble() * 100 < Options.DropForwardedVideoPercent;
}
