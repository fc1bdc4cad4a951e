using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Live.Media.Net;

namespace Live.Media.Sfu;

/// <summary>
/// Pipes between this SFU and other silos' SFUs share the one UDP socket. A datagram from an address no WebRTC
/// transport selected is a pipe datagram when the address is a registered pipe peer; the pipe is then found by
/// (peer address, SSRC) — RTP's SSRC, or RTCP's sender SSRC — and must pass its own SRTP check. Anything else from a
/// peer is dropped and counted; datagrams from unregistered addresses never reach a pipe.
/// </summary>
public sealed partial class SfuServer
{
    private readonly ConcurrentDictionary<PipeKey, PipeEnd> _pipes = new();
    private readonly ConcurrentDictionary<SocketAddress, int> _pipePeers = new();
    private readonly object _pipeGate = new();
    private long _pipePacketsSent;
    private long _pipeBytesSent;
    private long _pipePacketsReceived;
    private long _pipeKeyFrameRequests;
    private long _pipeRetransmissions;

    /// <summary>RTP packets this server sent into pipes to other silos (each packet once per edge silo and track).</summary>
    public long PipePacketsSent => Interlocked.Read(ref _pipePacketsSent);

    /// <summary>Bytes (protected) this server sent into pipes.</summary>
    public long PipeBytesSent => Interlocked.Read(ref _pipeBytesSent);

    /// <summary>RTP packets this server received from pipes and accepted.</summary>
    public long PipePacketsReceived => Interlocked.Read(ref _pipePacketsReceived);

    /// <summary>Keyframe requests that arrived over pipes from edge silos.</summary>
    public long PipeKeyFrameRequests => Interlocked.Read(ref _pipeKeyFrameRequests);

    /// <summary>Packets resent into pipes because an edge NACKed them (also counted in <see cref="PipePacketsSent"/>).</summary>
    public long PipeRetransmissions => Interlocked.Read(ref _pipeRetransmissions);

    /// <summary>Open pipe ends on this server (origin and edge sides).</summary>
    public int PipeCount => _pipes.Count;

    internal bool RegisterPipe(PipeEnd end)
    {
        lock (_pipeGate)
        {
            if (!_pipes.TryAdd(new PipeKey(end.Remote, end.Ssrc), end))
            {
                return false;
            }

            _pipePeers[end.Remote] = _pipePeers.GetValueOrDefault(end.Remote) + 1;
        }

        SfuMetrics.PipeOpened(end is PipeSender);
        return true;
    }

    internal void UnregisterPipe(PipeEnd end)
    {
        end.Close();
        lock (_pipeGate)
        {
            if (!_pipes.TryRemove(new KeyValuePair<PipeKey, PipeEnd>(new PipeKey(end.Remote, end.Ssrc), end)))
            {
                return;
            }

            int left = _pipePeers.GetValueOrDefault(end.Remote) - 1;
            if (left > 0)
            {
                _pipePeers[end.Remote] = left;
            }
            else
            {
                _pipePeers.TryRemove(end.Remote, out _);
            }
        }

        SfuMetrics.PipeClosed(end is PipeSender);
    }

    internal void CountPipeSent(int bytes)
    {
        Interlocked.Increment(ref _pipePacketsSent);
        Interlocked.Add(ref _pipeBytesSent, bytes);
        SfuMetrics.PipeSent(bytes);
    }

    internal void CountPipeReceived(int bytes)
    {
        Interlocked.Increment(ref _pipePacketsReceived);
        SfuMetrics.PipeReceived(bytes);
    }

    internal void CountPipeRetransmission() => Interlocked.Increment(ref _pipeRetransmissions);

    internal void CountPipeKeyFrameRequest() => Interlocked.Increment(ref _pipeKeyFrameRequests);

    /// <summary>Handles a datagram from an address no transport selected; false when the address is no pipe peer.</summary>
    private bool TryHandlePipeDatagram(PacketKind kind, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!_pipePeers.ContainsKey(remote))
        {
            return false;
        }

        // RFC 3550: RTP's SSRC is at 8; RTCP's sender SSRC at 4 (both in the clear under SRTP/SRTCP).
        int ssrcOffset = kind == PacketKind.Rtp ? 8 : 4;
        if (kind is not (PacketKind.Rtp or PacketKind.Rtcp) || datagram.Length < ssrcOffset + 4)
        {
            Drop(SfuDropReason.PipeRejected);
            return true;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(datagram[ssrcOffset..]);
        if (!_pipes.TryGetValue(new PipeKey(remote, ssrc), out PipeEnd? end) || end.IsClosed)
        {
            Drop(SfuDropReason.PipeUnknownStream);
            return true;
        }

        end.Lane.Run(end, kind, CopyToScratch(datagram));
        return true;
    }

    /// <summary>A pipe's name in the demultiplexer: the other SFU's address and the pipe's SSRC.</summary>
    private readonly record struct PipeKey(SocketAddress Remote, uint Ssrc);
}
