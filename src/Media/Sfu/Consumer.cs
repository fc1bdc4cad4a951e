using System.Text;
using Live.Media.Rtp;

namespace Live.Media.Sfu;

/// <summary>
/// One subscription of a transport to a producer (mediasoup's Consumer): its own SSRC (and RTX SSRC) as announced in
/// the subscriber's answer, and the rewrite state that makes the forwarded stream look like a stream of its own —
/// continuous sequence numbers from its first packet, the subscriber's payload types, the subscriber's MID.
/// Video starts at a keyframe. Forwarding runs on the receive thread only.
/// </summary>
public sealed class Consumer
{
    private readonly byte[] _midBytes;
    private readonly RetransmitHoldOff? _holdOff;
    private readonly long _maxAgeTicks;
    private volatile bool _closed;
    private bool _started;
    private ushort _sequenceOffset;
    private ushort _nextRtxSequence;
    private long _packetsSent;
    private long _octetsSent;
    private uint _lastTimestamp;
    private long _lastSendTime;

    internal Consumer(string id, Producer producer, WebRtcTransport transport, string mid, uint ssrc, uint? rtxSsrc)
    {
        Id = id;
        Producer = producer;
        Transport = transport;
        Mid = mid;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        _midBytes = Encoding.ASCII.GetBytes(mid);
        _nextRtxSequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        if (producer.History is { } history)
        {
            SfuServer server = transport.Server;
            long holdOffTicks = (long)(server.Options.RetransmitHoldOff.TotalSeconds * server.Time.TimestampFrequency);
            _holdOff = new RetransmitHoldOff(history.Capacity, holdOffTicks);
            _maxAgeTicks = (long)(server.Options.MaxRetransmitAge.TotalSeconds * server.Time.TimestampFrequency);
        }

        SfuMetrics.ConsumerOpened();
    }

    public string Id { get; }

    public Producer Producer { get; }

    /// <summary>The mid of the subscriber's recvonly transceiver.</summary>
    public string Mid { get; }

    /// <summary>The SSRC the subscriber sees, announced in the answer's a=ssrc lines.</summary>
    public uint Ssrc { get; }

    /// <summary>The RTX SSRC (a=ssrc-group:FID), when the subscriber negotiated RTX.</summary>
    public uint? RtxSsrc { get; }

    public bool IsClosed => _closed;

    /// <summary>True once the first packet (for video: a keyframe) was forwarded.</summary>
    public bool IsStarted => _started;

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    internal WebRtcTransport Transport { get; }

    /// <summary>Producer payload type → subscriber payload type (0xFF: not negotiated).</summary>
    internal byte[] PayloadTypeMap { get; set; } = [];

    /// <summary>The subscriber's payload types, to find its RTX payload type.</summary>
    internal RtpCodecTable? Codecs { get; set; }

    /// <summary>The subscriber's id for the MID header extension, 0 when not negotiated.</summary>
    internal byte MidExtensionId { get; set; }

    internal long OctetsSent => Interlocked.Read(ref _octetsSent);

    internal uint LastTimestamp => _lastTimestamp;

    internal long LastSendTime => _lastSendTime;

    /// <summary>Forwards one producer packet; runs on the receive thread.</summary>
    internal void Forward(ReadOnlySpan<byte> packet, in RtpHeader header, bool isKeyFrame)
    {
        if (_closed)
        {
            return;
        }

        if (!_started)
        {
            if (!Transport.IsConnected)
            {
                return;
            }

            if (Producer.Kind == MediaKind.Video && !isKeyFrame)
            {
                // The PLI sent when the consumer was created may have gone out before the publisher could act on it
                // (or been lost): keep asking, through the producer's gate, until a keyframe comes. A hidden subscriber
                // asks nothing: it waits for the cadence's keyframe.
                if (!Transport.IsHidden)
                {
                    Producer.RequestKeyFrame(hidden: false);
                }

                return;
            }

            // Continue where nothing was sent before: the subscriber's first packet gets a random-looking but fixed start.
            _sequenceOffset = (ushort)(Ssrc - header.SequenceNumber);
            _started = true;
        }

        byte payloadType = PayloadTypeMap[header.PayloadType];
        if (!RtpCodecTable.IsMapped(payloadType))
        {
            return;
        }

        if (Producer.Kind == MediaKind.Video && Transport.Server.ShouldDropForTest())
        {
            Transport.Server.Drop(SfuDropReason.TestHook);
            return;
        }

        ushort sequence = (ushort)(header.SequenceNumber + _sequenceOffset);
        int sent = Transport.SendRtp(packet, header, payloadType, Ssrc, sequence, MidExtensionId, _midBytes, rtxSequenceNumber: null);
        if (sent > 0)
        {
            _lastTimestamp = header.Timestamp;
            _lastSendTime = Transport.Server.Time.GetTimestamp();
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _octetsSent, header.PayloadLength);
        }
    }

    /// <summary>
    /// Answers a NACK for <paramref name="consumerSequence"/> (the subscriber's numbering) from the producer's history:
    /// as RTX when negotiated (RFC 4588), otherwise the same packet again; at most once per
    /// <see cref="SfuOptions.RetransmitHoldOff"/> for a given packet, and only while it is younger than
    /// <see cref="SfuOptions.MaxRetransmitAge"/>.
    /// </summary>
    internal RetransmitOutcome Retransmit(ushort consumerSequence)
    {
        if (_closed || !_started || Producer.History is not { } history || _holdOff is null)
        {
            return RetransmitOutcome.NotKept;
        }

        ushort producerSequence = (ushort)(consumerSequence - _sequenceOffset);
        if (!history.TryGet(producerSequence, out ReadOnlySpan<byte> packet, out long arrival)
            || !RtpHeader.TryParse(packet, out RtpHeader header))
        {
            return RetransmitOutcome.NotKept;
        }

        long now = Transport.Server.Time.GetTimestamp();
        if (now - arrival > _maxAgeTicks)
        {
            return RetransmitOutcome.TooOld;
        }

        if (!_holdOff.TryAcquire(consumerSequence, now))
        {
            return RetransmitOutcome.HeldOff;
        }

        byte payloadType = PayloadTypeMap[header.PayloadType];
        if (!RtpCodecTable.IsMapped(payloadType))
        {
            return RetransmitOutcome.NotKept;
        }

        int sent;
        if (RtxSsrc is uint rtxSsrc && Codecs is { } codecs && codecs.TryGetRtx(payloadType, out byte rtxPayloadType))
        {
            sent = Transport.SendRtp(packet, header, rtxPayloadType, rtxSsrc, consumerSequence, MidExtensionId, _midBytes,
                rtxSequenceNumber: _nextRtxSequence++);
        }
        else
        {
            sent = Transport.SendRtp(packet, header, payloadType, Ssrc, consumerSequence, MidExtensionId, _midBytes, rtxSequenceNumber: null);
        }

        return sent > 0 ? RetransmitOutcome.Sent : RetransmitOutcome.NotKept;
    }

    internal void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        SfuMetrics.ConsumerClosed();
    }
}
