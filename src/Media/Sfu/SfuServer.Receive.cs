using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Live.Media.Ice;
using Live.Media.Net;
using Live.Media.Net.Tcp;

namespace Live.Media.Sfu;

/// <summary>
/// The receive loops' demultiplexer (RFC 7983 §7): STUN goes to the transport named by the USERNAME's local ufrag,
/// everything else to the transport whose browser proved the sender's address with an authenticated check (the
/// 5-tuple: one port, so the remote address alone); SRTP and SRTCP then run in the transport's router's lane. Maps are
/// concurrent dictionaries, read without locks or allocation; every loop has its own scratch buffer.
/// </summary>
public sealed partial class SfuServer
{
    // RFC 8839 §5.4: a ufrag is at most 256 characters.
    private const int MaxUfragLength = 256;

    // Our two candidates' priorities (the SDP's a=candidate lines): they rank pairs when a browser nominates both.
    private static readonly uint UdpCandidatePriority = IceCandidatePriority.Host();
    private static readonly uint TcpCandidatePriority = IceCandidatePriority.HostTcpPassive();

    // The largest datagram the receive buffer holds (UdpEndpoint's), plus room to spare.
    private const int ScratchLength = UdpEndpoint.ReceiveBufferLength;

    private readonly ConcurrentDictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, WebRtcTransport> _byAddress = new();
    // Twice the largest response the ICE agent writes; on the stack of the loop that answers.
    private const int UdpStunResponseLength = IceLiteAgent.MinResponseBufferLength * 2;

    // Each receive loop (or a test's thread) unprotects in place in its own copy of the datagram.
    [ThreadStatic]
    private static byte[]? t_scratch;
    private long _stunKeepalives;

    /// <summary>STUN Binding indications (keepalives) naming one of this server's transports, since it started.</summary>
    public long StunKeepalivesReceived => Interlocked.Read(ref _stunKeepalives);

    /// <summary>
    /// Handles one datagram from <paramref name="remote"/>. Called by every receive loop at once; tests may call it
    /// directly too (each thread has its own scratch buffer).
    /// </summary>
    internal void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (UdpBlocked)
        {
            Drop(SfuDropReason.UdpBlocked);
            return;
        }

        PacketKind kind = PacketClassifier.Classify(datagram);
        if (kind == PacketKind.Drop)
        {
            Drop(SfuDropReason.Junk);
            return;
        }

        if (kind == PacketKind.Stun)
        {
            OnStun(datagram, remote, stackalloc byte[UdpStunResponseLength], tcp: null);
            return;
        }

        if (!_byAddress.TryGetValue(remote, out WebRtcTransport? transport))
        {
            if (TryHandlePipeDatagram(kind, datagram, remote))
            {
                return;
            }

            Drop(SfuDropReason.UnknownAddress);
            return;
        }

        switch (kind)
        {
            case PacketKind.Dtls:
                if (!transport.Dtls.Enqueue(datagram))
                {
                    Drop(SfuDropReason.DtlsQueue);
                }

                break;
            case PacketKind.Rtp or PacketKind.Rtcp:
                transport.Router.Lane.Run(transport, kind, CopyToScratch(datagram));
                break;
        }
    }

    /// <summary>This thread's writable copy of <paramref name="datagram"/> (SRTP unprotects in place).</summary>
    private static Span<byte> CopyToScratch(ReadOnlySpan<byte> datagram)
    {
        byte[] scratch = t_scratch ??= GC.AllocateUninitializedArray<byte>(ScratchLength);
        datagram.CopyTo(scratch);
        return scratch.AsSpan(0, datagram.Length);
    }

    internal void RegisterUfrag(string ufrag, WebRtcTransport transport) => _byUfrag[ufrag] = transport;

    internal void UnregisterUfrag(string ufrag, WebRtcTransport transport) =>
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(ufrag, transport));

    /// <summary>Routes datagrams from <paramref name="remote"/> (an address the transport owns a copy of) to it.</summary>
    internal void RegisterAddress(WebRtcTransport transport, SocketAddress remote) => _byAddress[remote] = transport;

    /// <summary>Stops routing <paramref name="remote"/> to <paramref name="transport"/>, unless it now routes elsewhere.</summary>
    internal void UnregisterAddress(WebRtcTransport transport, SocketAddress remote) =>
        _byAddress.TryRemove(new KeyValuePair<SocketAddress, WebRtcTransport>(remote, transport));

    internal void Unregister(WebRtcTransport transport)
    {
        UnregisterUfrag(transport.Ice.LocalCredentials.Ufrag, transport);
        UnregisterAddresses(transport);
    }

    /// <summary>Forgets the UDP addresses that pointed at <paramref name="transport"/> (it closed).</summary>
    internal void UnregisterAddresses(WebRtcTransport transport)
    {
        foreach (KeyValuePair<SocketAddress, WebRtcTransport> entry in _byAddress)
        {
            if (entry.Value == transport)
            {
                _byAddress.TryRemove(entry);
            }
        }
    }

    /// <summary>
    /// Answers one ICE check. <paramref name="tcp"/> is the connection it came on (null for UDP): an authenticated check
    /// lifts its lifetime limit, and a nominating one makes it the transport's path.
    /// </summary>
    private void OnStun(ReadOnlySpan<byte> datagram, SocketAddress remote, Span<byte> response, TcpMediaConnection? tcp)
    {
        if (!IceUsername.TryGetLocalUfrag(datagram, out ReadOnlySpan<byte> ufragBytes) || ufragBytes.Length > MaxUfragLength)
        {
            Drop(SfuDropReason.StunUnknownUser);
            return;
        }

        Span<char> ufrag = stackalloc char[MaxUfragLength];
        int length;
        try
        {
            length = Encoding.UTF8.GetChars(ufragBytes, ufrag);
        }
        catch (ArgumentException)
        {
            Drop(SfuDropReason.StunUnknownUser);
            return;
        }

        var lookup = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(ufrag[..length], out WebRtcTransport? transport))
        {
            Drop(SfuDropReason.StunUnknownUser);
            return;
        }

        uint localPriority = tcp is null ? UdpCandidatePriority : TcpCandidatePriority;
        IceCheckOutcome outcome = transport.Ice.HandleBindingRequest(datagram, remote, localPriority, response, out int written);
        if (outcome is IceCheckOutcome.Accepted or IceCheckOutcome.Nominated)
        {
            if (tcp is not null)
            {
                tcp.MarkAuthenticated();
                tcp.Owner ??= transport;
            }
            else
            {
                transport.AcceptUdpAddress(remote);
            }

            if (outcome == IceCheckOutcome.Nominated)
            {
                // Before the answer goes out, so the path is in place when the browser's DTLS follows it.
                transport.SelectPath(tcp);
            }

            SfuMetrics.IceCheckAnswered();
        }

        if (written > 0)
        {
            if (tcp is not null)
            {
                tcp.TrySend(response[..written]);
            }
            else
            {
                Send(response[..written], remote);
            }
        }

        CountOutcome(outcome);
    }

    /// <summary>Counts STUN the agent did not accept: a keepalive, or a drop under its true reason.</summary>
    private void CountOutcome(IceCheckOutcome outcome)
    {
        switch (outcome)
        {
            case IceCheckOutcome.Accepted or IceCheckOutcome.Nominated:
                break;
            case IceCheckOutcome.Keepalive:
                // A Binding indication does its job (keeping NATs open) by arriving: counted, but not a drop.
                Interlocked.Increment(ref _stunKeepalives);
                SfuMetrics.StunKeepalive();
                break;
            case IceCheckOutcome.Ignored:
                Drop(SfuDropReason.StunIgnored);
                break;
            case IceCheckOutcome.ErrorRateLimited:
                Drop(SfuDropReason.StunErrorRateLimited);
                break;
            default:
                Drop(SfuDropReason.StunRejected);
                break;
        }
    }
}
