using System.Buffers.Binary;
using System.Net;
using Live.Media.Srtp;

namespace Live.Media.Sfu;

/// <summary>
/// One side of a pipe between two silos' SFUs: the other silo's SFU endpoint and the pipe's SSRC, which together
/// name the pipe in <see cref="SfuServer"/>'s demultiplexer, and a send buffer for what this side protects and sends.
/// Packets run in its router's lane; sending is serialized by a lock (reports go out from the maintenance timer).
/// </summary>
internal abstract class PipeEnd : IPacketSink
{
    // Room for one full-size packet plus the SRTP tag or SRTCP trailer.
    private const int SendBufferLength = 2048;

    private readonly byte[] _sendBuffer = new byte[SendBufferLength];
    private readonly SrtpContext _outbound;
    private volatile bool _closed;

    protected PipeEnd(SfuServer server, IPEndPoint remote, uint ssrc, SrtpContext outbound)
    {
        Server = server;
        RemoteEndPoint = remote;
        Remote = remote.Serialize();
        Ssrc = ssrc;
        _outbound = outbound;
    }

    public SfuServer Server { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public SocketAddress Remote { get; }

    public uint Ssrc { get; }

    public bool IsClosed => _closed;

    protected object SendLock { get; } = new();

    /// <summary>The lane of the router this end belongs to: its packets run there, as that router's transports' do.</summary>
    public required PacketLane Lane { get; init; }

    void IPacketSink.OnPacket(Net.PacketKind kind, Span<byte> buffer, int length)
    {
        if (kind == Net.PacketKind.Rtp)
        {
            OnRtp(buffer, length);
        }
        else
        {
            OnRtcp(buffer, length);
        }
    }

    /// <summary>Handles an SRTP datagram from <see cref="Remote"/> for this pipe's SSRC (in a receive loop's scratch buffer or a lane's copy).</summary>
    public abstract void OnRtp(Span<byte> buffer, int length);

    /// <summary>Handles an SRTCP datagram from <see cref="Remote"/> whose sender SSRC is this pipe's.</summary>
    public abstract void OnRtcp(Span<byte> buffer, int length);

    /// <summary>Stops sending; the router's packet lane may still be inside a call, so inbound contexts are left to the GC.</summary>
    public void Close()
    {
        lock (SendLock)
        {
            if (!_closed)
            {
                _closed = true;
                _outbound.Dispose();
            }
        }
    }

    /// <summary>Protects and sends one plain RTP packet with its SSRC replaced by the pipe's; false when not sent.</summary>
    protected bool SendRtp(ReadOnlySpan<byte> packet)
    {
        lock (SendLock)
        {
            if (_closed || packet.Length + _outbound.RtpOverhead > _sendBuffer.Length)
            {
                return false;
            }

            packet.CopyTo(_sendBuffer);
            BinaryPrimitives.WriteUInt32BigEndian(_sendBuffer.AsSpan(8), Ssrc);
            if (!_outbound.TryProtectRtp(_sendBuffer, packet.Length, out int protectedLength)
                || !Server.Send(_sendBuffer.AsSpan(0, protectedLength), Remote))
            {
                return false;
            }

            Server.CountPipeSent(protectedLength);
            return true;
        }
    }

    /// <summary>Protects and sends one plain RTCP packet (or compound); false when not sent.</summary>
    protected bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        lock (SendLock)
        {
            if (_closed || packet.Length + _outbound.RtcpOverhead > _sendBuffer.Length)
            {
                return false;
            }

            packet.CopyTo(_sendBuffer);
            return _outbound.TryProtectRtcp(_sendBuffer, packet.Length, out int protectedLength)
                && Server.Send(_sendBuffer.AsSpan(0, protectedLength), Remote);
        }
    }

    protected static SfuDropReason ToDropReason(SrtpError error) =>
        error == SrtpError.AuthFailed ? SfuDropReason.PipeForged : SfuDropReason.PipeRejected;
}
