using System.Buffers.Binary;
using System.Text;
using Live.Media.Rtp;
using Live.Media.Simulcast;

namespace Live.Media.Sfu;

/// <summary>
/// One subscription of a transport to a producer (mediasoup's Consumer): its own SSRC (and RTX SSRC) as announced in
/// the subscriber's answer, and the rewrite state that makes the forwarded stream look like a stream of its own —
/// continuous sequence numbers from its first packet, the subscriber's payload types, the subscriber's MID.
/// Video starts at a keyframe. A consumer of a simulcast producer forwards one layer at a time, chosen by its
/// <see cref="SimulcastLayerSelector"/> and switched only at a keyframe, and rewrites it with a
/// <see cref="SimulcastRtpRewriter"/> so the subscriber sees one continuous stream (docs/media.md, "Simulcast").
/// Forwarding runs in the router's packet lane only.
/// </summary>
public sealed partial class Consumer
{
    private readonly byte[] _midBytes;
    private readonly RetransmitHoldOff? _holdOff;
    private readonly long _maxAgeTicks;
    private readonly SimulcastLayerSelector? _selector;
    private readonly SimulcastRtpRewriter? _rewriter;
    private readonly ForwardedPacketLog? _forwarded;
    private readonly long _keyFrameAskIntervalTicks;
    private volatile bool _closed;
    private bool _started;
    private ushort _sequenceOffset;
    private ushort _nextRtxSequence;
    private long _packetsSent;
    private long _octetsSent;
    private uint _lastTimestamp;
    private long _lastSendTime;
    private long _lastKeyFrameAsk;
    private volatile int _lastSwitchLayer = -1;
    private byte _lastPayloadType;

    // The current layer (high 32 bits, -1 for one stream) and its timestamp offset (low 32), written together so the
    // report timer never pairs one layer's SR with another epoch's offset.
    private long _senderReportMapping = -1L << 32;

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

        if (producer.Layers.Count > 0)
        {
            SfuServer server = transport.Server;
            long frequency = server.Time.TimestampFrequency;
            _selector = new SimulcastLayerSelector(producer.Layers.Count,
                (long)(server.Options.SimulcastUpSwitchHoldOff.TotalSeconds * frequency));
            _rewriter = new SimulcastRtpRewriter((ushort)ssrc); // as below: a random-looking but fixed start
            _forwarded = new ForwardedPacketLog(producer.History?.Capacity ?? server.Options.NackHistorySize);
            _keyFrameAskIntervalTicks = (long)(server.Options.KeyFrameRequestInterval.TotalSeconds * frequency);
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

    /// <summary>True when the producer is simulcast and this consumer forwards one of its layers at a time.</summary>
    public bool IsSimulcast => _selector is not null;

    /// <summary>The simulcast layer (encoding index, 0 = lowest) being forwarded; -1 before the first keyframe or for one stream.</summary>
    public int CurrentLayer => _selector?.CurrentLayer ?? -1;

    /// <summary>The simulcast layer this consumer switches to at its next keyframe; -1 for one stream.</summary>
    public int TargetLayer => _selector?.TargetLayer ?? -1;

    /// <summary>Simulcast layer switches made, up and down (the start on a first layer not included).</summary>
    public long LayerSwitches => _selector is { } selector ? selector.SwitchesUp + selector.SwitchesDown : 0;

    /// <summary>
    /// Sets the simulcast layer to forward (clamped to the producer's layers; no effect for one stream). Safe from any
    /// thread: the switch happens in the router's packet lane at the first keyframe of that layer, which the consumer asks
    /// for (through the layer's keyframe gate; a hidden subscriber asks nothing and waits for the cadence). A switch
    /// up waits for <see cref="SfuOptions.SimulcastUpSwitchHoldOff"/> after a switch down.
    /// </summary>
    public void SetTargetLayer(int layer) => _selector?.SetTarget(layer);

    /// <summary>
    /// Sets the target layer from the subscriber's bitrate budget for this consumer: the highest layer whose measured
    /// rate fits, with <see cref="SimulcastLayerBudget.UpMargin"/> headroom to go above the current one. Returns the
    /// target chosen (-1 for one stream). Safe from any thread; allocation free.
    /// </summary>
    public int SetMaxBitrate(long bitsPerSecond)
    {
        if (_selector is not { } selector)
        {
            return -1;
        }

        IReadOnlyList<SimulcastLayer> layers = Producer.Layers;
        long now = Transport.Server.Time.GetTimestamp();
        Span<long> rates = stackalloc long[layers.Count];
        for (int i = 0; i < rates.Length; i++)
        {
            rates[i] = layers[i].Receiver?.Bitrate.BitsPerSecond(now) ?? 0;
        }

        int target = SimulcastLayerBudget.ChooseLayer(bitsPerSecond, selector.CurrentLayer, rates);
        selector.SetTarget(target);
        return target;
    }

    internal WebRtcTransport Transport { get; }

    /// <summary>Producer payload type → subscriber payload type (0xFF: not negotiated).</summary>
    internal byte[] PayloadTypeMap { get; set; } = [];

    /// <summary>The subscriber's payload types, to find its RTX payload type.</summary>
    internal RtpCodecTable? Codecs { get; set; }

    /// <summary>The subscriber's id for the MID header extension, 0 when not negotiated.</summary>
    internal byte MidExtensionId { get; set; }

    internal long OctetsSent => Interlocked.Read(ref _octetsSent);

    internal uint LastTimestamp => _lastTimestamp;

    /// <summary>
    /// Whose sender reports map this consumer's timestamps to NTP (the producer, or the current simulcast layer), and
    /// what this consumer adds to that source's timestamps (0 for one stream).
    /// </summary>
    internal (ReceiveStatistics Source, uint TimestampOffset) SenderReportMapping
    {
        get
        {
            long mapping = Interlocked.Read(ref _senderReportMapping);
            return (Producer.GetStatistics((int)(mapping >> 32)), (uint)mapping);
        }
    }

    internal long LastSendTime => _lastSendTime;

    /// <summary>
    /// Forwards one producer packet of simulcast layer <paramref name="layer"/> (-1: a single-stream producer); runs in
    /// the router's packet lane. True when the packet was this consumer's to send.
    /// </summary>
    internal bool Forward(ReadOnlySpan<byte> packet, in RtpHeader header, bool isKeyFrame, int layer = -1)
    {
        if (_closed)
        {
            return false;
        }

        if (IsPausedForBandwidth)
        {
            return false;
        }

        if (_selector is not null)
        {
            return ForwardLayer(packet, header, isKeyFrame, layer);
        }

        if (_awaitingResumeKeyFrame && !ResumeAtKeyFrame(header, isKeyFrame))
        {
            return false;
        }

        if (!_started)
        {
            if (!Transport.IsConnected)
            {
                return false;
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

                return false;
            }

            // Continue where nothing was sent before: the subscriber's first packet gets a random-looking but fixed start.
            _sequenceOffset = (ushort)(Ssrc - header.SequenceNumber);
            _started = true;
        }

        byte payloadType = PayloadTypeMap[header.PayloadType];
        if (!RtpCodecTable.IsMapped(payloadType))
        {
            return false;
        }

        if (Producer.Kind == MediaKind.Video && Transport.Server.ShouldDropForTest())
        {
            Transport.Server.Drop(SfuDropReason.TestHook);
            return false;
        }

        ushort sequence = (ushort)(header.SequenceNumber + _sequenceOffset);
        LastSentSequence = sequence;
        int sent = Transport.SendRtp(packet, header, payloadType, Ssrc, sequence, MidExtensionId, _midBytes, rtxSequenceNumber: null);
        if (sent > 0)
        {
            _lastTimestamp = header.Timestamp;
            _lastSendTime = Transport.Server.Time.GetTimestamp();
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _octetsSent, header.PayloadLength);
        }

        return true;
    }

    private bool ForwardLayer(ReadOnlySpan<byte> packet, in RtpHeader header, bool isKeyFrame, int layer)
    {
        SimulcastLayerSelector selector = _selector!;
        SimulcastRtpRewriter rewriter = _rewriter!;
        if (layer < 0 || (!_started && !Transport.IsConnected))
        {
            return false;
        }

        byte payloadType = PayloadTypeMap[header.PayloadType];
        if (!RtpCodecTable.IsMapped(payloadType))
        {
            return false;
        }

        SfuServer server = Transport.Server;
        long now = server.Time.GetTimestamp();
        // Only a keyframe of another layer can rescue a consumer whose layer stopped; look at the meter only then.
        int current = selector.CurrentLayer;
        bool currentStopped = isKeyFrame && current >= 0 && layer != current
            && Producer.Layers[current].Receiver is { } receiver && receiver.Bitrate.IsSilent(now);
        int lowestArriving = current < 0 && isKeyFrame ? LowestArrivingLayer(now) : -1;
        SimulcastForwardDecision decision = selector.OnPacket(layer, isKeyFrame, now, currentStopped, lowestArriving);
        AskForWantedLayer(selector, now);
        if (decision == SimulcastForwardDecision.Drop)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        int pictureId = -1, tl0PicIdx = -1;
        if (Producer.Codecs.CodecOf(header.PayloadType) == RtpCodec.Vp8
            && Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8))
        {
            pictureId = vp8.PictureId;
            tl0PicIdx = vp8.Tl0PicIdx;
        }

        if (decision == SimulcastForwardDecision.Switch)
        {
            uint gap = SimulcastRtpRewriter.SwitchTimestampGap(now - _lastSendTime, server.Time.TimestampFrequency,
                Math.Max(1, Producer.Codecs.ClockRate));
            int previous = _lastSwitchLayer;
            rewriter.StartEpoch(header.SequenceNumber, header.Timestamp, pictureId, tl0PicIdx, gap);
            _lastSwitchLayer = layer;
            Interlocked.Exchange(ref _senderReportMapping, ((long)layer << 32) | rewriter.Offsets.Timestamp);
            _started = true;
            if (previous >= 0)
            {
                SfuMetrics.SimulcastLayerSwitched(up: layer > previous);
            }
        }

        if (!rewriter.TryRewrite(header.SequenceNumber, header.Timestamp, pictureId, tl0PicIdx,
            out ushort sequence, out RtpStreamRewrite rewrite))
        {
            return false; // older than the switch: its number was another layer's
        }

        _forwarded!.Record(sequence, layer, header.SequenceNumber, rewriter.Offsets);
        if (Producer.Kind == MediaKind.Video && server.ShouldDropForTest())
        {
            server.Drop(SfuDropReason.TestHook); // lost after the rewrite, as on the wire: a NACK finds it in the log
            return true;
        }

        int sent = Transport.SendRtp(packet, header, payloadType, Ssrc, sequence, MidExtensionId, _midBytes,
            rtxSequenceNumber: null, rewrite);
        if (sent > 0)
        {
            _lastTimestamp = rewriter.LastTimestamp;
            _lastSendTime = now;
            _lastPayloadType = payloadType;
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _octetsSent, header.PayloadLength);
            Transport.OnSimulcastForwarded();
        }

        return true;
    }

    /// <summary>The lowest layer whose packets are arriving, -1 when none is measured yet.</summary>
    private int LowestArrivingLayer(long now)
    {
        IReadOnlyList<SimulcastLayer> layers = Producer.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].Receiver is { } receiver && !receiver.Bitrate.IsSilent(now))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when this consumer can carry probe padding: it started and its subscriber negotiated RTX.</summary>
    internal bool CanSendPadding => _started && !_closed && RtxSsrc is not null && Codecs is { } codecs
        && codecs.TryGetRtx(_lastPayloadType, out _);

    /// <summary>
    /// Sends one padding-only packet (<paramref name="paddingPacket"/>: an RTP header and padding) on this consumer's RTX
    /// stream, numbered in its RTX sequence and stamped with its last timestamp, for a bandwidth probe. The subscriber
    /// counts it in its transport-cc feedback and discards it (an RTX packet without an original sequence number).
    /// Receive thread. Returns the bytes sent, 0 when nothing was.
    /// </summary>
    internal int SendPadding(byte[] paddingPacket)
    {
        if (!CanSendPadding || !Codecs!.TryGetRtx(_lastPayloadType, out byte rtxPayloadType))
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32BigEndian(paddingPacket.AsSpan(4), _lastTimestamp);
        if (!RtpHeader.TryParse(paddingPacket, out RtpHeader header))
        {
            return 0;
        }

        return Transport.SendRtp(paddingPacket, header, rtxPayloadType, RtxSsrc!.Value, _nextRtxSequence++, MidExtensionId, _midBytes,
            rtxSequenceNumber: null);
    }

    /// <summary>
    /// While the selector waits for a keyframe of some layer (to start, or to switch), asks the producer for one at most
    /// once per keyframe request interval; the layer's gate coalesces the askers of all consumers. A hidden subscriber
    /// asks nothing (the cadence serves it).
    /// </summary>
    private void AskForWantedLayer(SimulcastLayerSelector selector, long now)
    {
        int wanted = selector.WantedLayer(now);
        if (wanted < 0 || Transport.IsHidden || (_lastKeyFrameAsk != 0 && now - _lastKeyFrameAsk < _keyFrameAskIntervalTicks))
        {
            return;
        }

        if (_started && Producer.Layers[wanted].Receiver is null)
        {
            return; // a target the publisher does not send: asking another layer for a keyframe would only cost bits
        }

        _lastKeyFrameAsk = now;
        Producer.RequestLayerKeyFrame(wanted, hidden: false);
    }

    /// <summary>
    /// This consumer's subscriber (or its creation) needs a keyframe: of the layer it forwards, or waits for, when the
    /// producer is simulcast; otherwise the producer's stream. Through the producer's gates, as hidden when the
    /// transport is.
    /// </summary>
    internal bool RequestKeyFrame()
    {
        if (IsPausedForBandwidth)
        {
            return false; // nothing of this video is forwarded: a keyframe would only cost the publisher bits
        }

        if (_selector is not { } selector)
        {
            return Producer.RequestKeyFrame(Transport.IsHidden);
        }

        int layer = selector.WantedLayer(Transport.Server.Time.GetTimestamp());
        return Producer.RequestLayerKeyFrame(layer >= 0 ? layer : selector.CurrentLayer, Transport.IsHidden);
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

        if (_hasResumed && (short)(consumerSequence - _resumedAtSequence) < 0)
        {
            return RetransmitOutcome.NotKept; // numbered before a pause, with an offset since replaced
        }

        ushort producerSequence = (ushort)(consumerSequence - _sequenceOffset);
        RewriteOffsets offsets = default;
        if (_forwarded is { } forwarded)
        {
            // Simulcast: the log says which layer packet this number was, and how it was rewritten.
            if (!forwarded.TryGet(consumerSequence, out int layer, out producerSequence, out offsets)
                || Producer.GetHistory(layer) is not { } layerHistory)
            {
                return RetransmitOutcome.NotKept;
            }

            history = layerHistory;
        }

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

        RtpStreamRewrite rewrite = _forwarded is null ? default : RewriteAsSent(packet, header, offsets);
        int sent;
        if (RtxSsrc is uint rtxSsrc && Codecs is { } codecs && codecs.TryGetRtx(payloadType, out byte rtxPayloadType))
        {
            sent = Transport.SendRtp(packet, header, rtxPayloadType, rtxSsrc, consumerSequence, MidExtensionId, _midBytes,
                rtxSequenceNumber: _nextRtxSequence++, rewrite);
        }
        else
        {
            sent = Transport.SendRtp(packet, header, payloadType, Ssrc, consumerSequence, MidExtensionId, _midBytes,
                rtxSequenceNumber: null, rewrite);
        }

        return sent > 0 ? RetransmitOutcome.Sent : RetransmitOutcome.NotKept;
    }

    /// <summary>The timestamp and VP8 picture numbers a layer packet was sent with, from the offsets logged for it.</summary>
    private RtpStreamRewrite RewriteAsSent(ReadOnlySpan<byte> packet, in RtpHeader header, in RewriteOffsets offsets)
    {
        int pictureId = -1, tl0PicIdx = -1;
        if (Producer.Codecs.CodecOf(header.PayloadType) == RtpCodec.Vp8
            && Vp8PayloadDescriptor.TryParse(header.GetPayload(packet), out Vp8PayloadDescriptor vp8))
        {
            pictureId = vp8.PictureId;
            tl0PicIdx = vp8.Tl0PicIdx;
        }

        return new RtpStreamRewrite(offsets.ApplyTimestamp(header.Timestamp), offsets.ApplyPictureId(pictureId),
            offsets.ApplyTl0PicIdx(tl0PicIdx));
    }

    internal void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (Interlocked.Exchange(ref _paused, 0) != 0)
        {
            SfuMetrics.VideoPaused(paused: false);
        }

        SfuMetrics.ConsumerClosed();
    }
}
