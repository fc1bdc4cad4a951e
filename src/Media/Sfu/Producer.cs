using Live.Media.KeyFrames;
using Live.Media.Rtp;
using Live.Media.Simulcast;

namespace Live.Media.Sfu;

/// <summary>
/// One track a participant publishes (mediasoup's Producer): its SSRCs and codecs from the negotiation, the
/// consumers that receive it, and for video the packet history that answers their NACKs. Receives in its router's
/// packet lane (whichever receive loop or TCP reader the packet came on); the consumer list is an immutable array swapped under the router's lock, so forwarding takes no lock.
/// </summary>
public sealed class Producer
{
    // The window over which each simulcast layer's rate is measured (Consumer.SetMaxBitrate compares budgets to it).
    private static readonly TimeSpan LayerBitrateWindow = TimeSpan.FromSeconds(1);

    private volatile Consumer[] _consumers = [];
    private volatile PipeSender[] _pipes = [];
    private volatile IRtpTap? _tap;
    private long _keyFrameRequestsSent;
    private long _keyFrameRequestsByCadence;
    private long _keyFrameRequestsAbsorbed;
    private volatile bool _closed;
    private volatile SimulcastLayer? _primaryLayer;
    private readonly SimulcastTapFeed? _tapFeed;

    internal Producer(string participantId, TrackSource source, MediaKind kind, string mid, uint ssrc, uint? rtxSsrc,
        WebRtcTransport transport, RtpCodecTable codecs, int historySize, IReadOnlyList<string>? simulcastRids = null)
    {
        Layers = simulcastRids is { Count: > 1 } rids ? rids.Select((rid, i) => new SimulcastLayer(rid, i)).ToArray() : [];
        Id = CreateId(participantId, source);
        ParticipantId = participantId;
        Source = source;
        Kind = kind;
        Mid = mid;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        Transport = transport;
        Server = transport.Server;
        Codecs = codecs;
        History = kind == MediaKind.Video ? new RtpHistory(historySize) : null;
        StreamBitrate = kind == MediaKind.Video && Layers.Count == 0 ? new LayerBitrateMeter(LayerBitrateWindow, Server.Time.TimestampFrequency) : null;
        KeyFrames = CreateKeyFrameGate(Server, cadence: true);
        _tapFeed = Layers.Count > 0 && kind == MediaKind.Video ? new SimulcastTapFeed(this, Server) : null;
        SfuMetrics.ProducerOpened();
    }

    /// <summary>A pipe producer on an edge silo: fed by <paramref name="upstream"/> rather than by a publisher's transport.</summary>
    internal Producer(PipeTicket ticket, PipeReceiver upstream, RtpCodecTable codecs, int historySize)
    {
        Id = ticket.ProducerId;
        ParticipantId = ticket.ParticipantId;
        Source = ticket.Source;
        Kind = ticket.Kind;
        Mid = string.Empty;
        Ssrc = ticket.Ssrc;
        Upstream = upstream;
        Server = upstream.Server;
        Codecs = codecs;
        History = Kind == MediaKind.Video ? new RtpHistory(historySize) : null;
        StreamBitrate = Kind == MediaKind.Video ? new LayerBitrateMeter(LayerBitrateWindow, Server.Time.TimestampFrequency) : null;
        // The origin's cadence already reaches this pipe's subscribers: asking again through the pipe would be absorbed.
        KeyFrames = CreateKeyFrameGate(Server, cadence: false);
        SfuMetrics.ProducerOpened();
    }

    /// <summary>The producer id: <c>{participantId}:{source}</c>.</summary>
    public string Id { get; }

    public string ParticipantId { get; }

    public TrackSource Source { get; }

    public MediaKind Kind { get; }

    /// <summary>The mid of the publisher's transceiver.</summary>
    public string Mid { get; }

    /// <summary>The media SSRC the publisher announced (a=ssrc) or that was learned from the first packet.</summary>
    public uint Ssrc { get; internal set; }

    /// <summary>
    /// The simulcast layers the offer announced (a=simulcast send, RFC 8853), in encoding order; empty for one stream.
    /// Their SSRCs are learned from the rid header extension. The stream of <see cref="Ssrc"/> (the first learned, the
    /// primary layer) is the one piped; the recorder is given the highest layer arriving (<see cref="SimulcastTapFeed"/>);
    /// each consumer forwards the one layer its selector chooses.
    /// </summary>
    public IReadOnlyList<SimulcastLayer> Layers { get; } = [];

    /// <summary>The simulcast layer whose SSRC is <see cref="Ssrc"/>, once bound; null for a single-stream producer.</summary>
    internal SimulcastLayer? PrimaryLayer => _primaryLayer;

    /// <summary>The received rate of a single-stream video producer (a subscriber's video pause compares it to its budget); null otherwise.</summary>
    internal LayerBitrateMeter? StreamBitrate { get; }

    /// <summary>The RTX SSRC from a=ssrc-group:FID, when the publisher announced one.</summary>
    public uint? RtxSsrc { get; internal set; }

    public bool IsClosed => _closed;

    /// <summary>The consumers currently receiving this producer.</summary>
    public IReadOnlyList<Consumer> Consumers => _consumers;

    public ProducerInfo Info => new(Id, ParticipantId, Source, Kind) { Generation = Generation };

    /// <summary>Random, so that producers of one id differ across reconnections and across silos.</summary>
    public int Generation { get; } = Random.Shared.Next(1, int.MaxValue);

    /// <summary>The publisher's transport; null for a pipe producer.</summary>
    internal WebRtcTransport? Transport { get; }

    /// <summary>The pipe that feeds this producer on an edge silo; null for a publisher's producer.</summary>
    internal PipeReceiver? Upstream { get; }

    /// <summary>True when this producer is fed by a pipe from another silo.</summary>
    public bool IsPiped => Upstream is not null;

    internal SfuServer Server { get; }

    /// <summary>The pipes sending this producer to edge silos.</summary>
    internal IReadOnlyList<PipeSender> Pipes => _pipes;

    internal RtpCodecTable Codecs { get; }

    internal RtpHistory? History { get; }

    internal ReceiveStatistics Statistics { get; } = new();

    /// <summary>When keyframe requests go upstream: coalesced per interval, plus the cadence (see docs/design.md).</summary>
    internal KeyFrameRequestGate KeyFrames { get; }

    /// <summary>Keyframe requests sent to the publisher (or up the pipe) for any reason, cadence included.</summary>
    public long KeyFrameRequestsSent => Interlocked.Read(ref _keyFrameRequestsSent);

    /// <summary>Of <see cref="KeyFrameRequestsSent"/>, those the cadence sent because no keyframe came for a while.</summary>
    public long KeyFrameRequestsByCadence => Interlocked.Read(ref _keyFrameRequestsByCadence);

    /// <summary>Keyframe needs of hidden subscribers (joins, PLI, FIR, pipes to edges) that sent nothing upstream.</summary>
    public long KeyFrameRequestsAbsorbed => Interlocked.Read(ref _keyFrameRequestsAbsorbed);

    /// <summary>The tap that sees this producer's packets (the recording), or null.</summary>
    public IRtpTap? Tap => _tap;

    /// <summary>The codec of the first answered payload type: what the publisher sends unless it switches.</summary>
    internal RtpCodec PrimaryCodec => Codecs.PrimaryPayloadTypes.Count > 0 ? Codecs.CodecOf(Codecs.PrimaryPayloadTypes[0]) : RtpCodec.None;

    public static string CreateId(string participantId, TrackSource source) => $"{participantId}:{source}";

    /// <summary>
    /// Handles one plain RTP packet of this producer in the router's packet lane: statistics, history, and a forward to
    /// every consumer. Returns the number of sequence numbers missing before it (for the SFU's own NACKs).
    /// </summary>
    internal int OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header, long arrival, long timestampFrequency, bool isRepair)
    {
        int gap = isRepair ? 0 : Statistics.Update(header.SequenceNumber, header.Timestamp, arrival, timestampFrequency, Codecs.ClockRate);
        if (History is { } history)
        {
            if (history.Contains(header.SequenceNumber))
            {
                // Already forwarded once (a repair, or a publisher without RTX resending on the media SSRC): the
                // consumers' own NACKs are answered from history, so a second copy would only be a duplicate.
                return gap;
            }

            history.Store(header.SequenceNumber, packet, arrival);
        }

        if (!isRepair && _tap is { } tap && _tapFeed is null)
        {
            // A lost packet only makes the tap wait for the next keyframe, so repairs are not shown to it.
            tap.OnRtp(packet, header);
        }

        foreach (PipeSender pipe in _pipes)
        {
            pipe.Forward(packet, header.Timestamp, header.PayloadLength);
        }

        bool isKeyFrame = false;
        if (Kind == MediaKind.Video && !isRepair)
        {
            isKeyFrame = IsKeyFrameStart(packet, header);
            if (isKeyFrame)
            {
                KeyFrames.OnKeyFrame(arrival);
            }

            // Deferred requests and the cadence are due on the publisher's own clock: its packets drive them, no timer.
            KeyFrameRequestReason due = KeyFrames.Poll(arrival);
            if (due != KeyFrameRequestReason.None)
            {
                SendKeyFrameRequest(due == KeyFrameRequestReason.Cadence);
            }
        }

        int layer = -1;
        if (_primaryLayer is { Receiver: { } primary } primaryLayer)
        {
            primary.Bitrate.Add(packet.Length, arrival);
            layer = primaryLayer.Index;
        }
        else if (!isRepair)
        {
            StreamBitrate?.Add(packet.Length, arrival);
        }

        if (!isRepair && layer >= 0 && _tap is { } layerTap && _tapFeed is { } feed)
        {
            feed.OnPacket(layerTap, packet, header, layer, isKeyFrame, arrival);
        }

        Consumer[] consumers = _consumers;
        foreach (Consumer consumer in consumers)
        {
            consumer.Forward(packet, header, isKeyFrame, layer);
        }

        return gap;
    }

    /// <summary>
    /// Handles one plain RTP packet of a simulcast layer other than the primary one, in the router's packet lane: the layer's
    /// statistics, history, keyframe gate and rate, then the consumers, each of which forwards it only if it is the
    /// layer it chose, and to the tap when it is the tap's layer (<see cref="SimulcastTapFeed"/>). Not shown to the pipes
    /// (they take the primary layer). Returns the gap before it.
    /// </summary>
    internal int OnLayerRtp(SimulcastLayer layer, ReadOnlySpan<byte> packet, in RtpHeader header, long arrival,
        long timestampFrequency, bool isRepair)
    {
        if (layer.Receiver is not { } receiver)
        {
            return 0;
        }

        int gap = isRepair ? 0 : receiver.Statistics.Update(header.SequenceNumber, header.Timestamp, arrival, timestampFrequency, Codecs.ClockRate);
        if (receiver.History is { } history)
        {
            if (history.Contains(header.SequenceNumber))
            {
                return gap; // a copy of a packet already forwarded, as in OnRtp
            }

            history.Store(header.SequenceNumber, packet, arrival);
        }

        receiver.Bitrate.Add(packet.Length, arrival);
        bool isKeyFrame = false;
        if (Kind == MediaKind.Video && !isRepair)
        {
            isKeyFrame = IsKeyFrameStart(packet, header);
            if (isKeyFrame)
            {
                receiver.KeyFrames.OnKeyFrame(arrival);
            }

            if (receiver.KeyFrames.Poll(arrival) != KeyFrameRequestReason.None)
            {
                SendLayerKeyFrameRequest(layer);
            }
        }

        if (!isRepair && _tap is { } tap && _tapFeed is { } feed)
        {
            feed.OnPacket(tap, packet, header, layer.Index, isKeyFrame, arrival);
        }

        bool forwarded = false;
        foreach (Consumer consumer in _consumers)
        {
            forwarded |= consumer.Forward(packet, header, isKeyFrame, layer.Index);
        }

        if (!forwarded)
        {
            Server.Drop(SfuDropReason.SimulcastLayerNotForwarded);
        }

        return gap;
    }

    /// <summary>
    /// Gives a layer whose media SSRC was just bound its receive state: the primary layer (the one that became
    /// <see cref="Ssrc"/>) shares the producer's, the others get their own. Receive thread, once per layer.
    /// </summary>
    internal void BindLayer(SimulcastLayer layer)
    {
        if (layer.Receiver is not null)
        {
            return;
        }

        long frequency = Server.Time.TimestampFrequency;
        var bitrate = new LayerBitrateMeter(LayerBitrateWindow, frequency);
        if (layer.Ssrc == Ssrc)
        {
            layer.Bind(new SimulcastLayerReceiver(History, Statistics, KeyFrames, bitrate));
            _primaryLayer = layer;
            return;
        }

        // No cadence of its own: the producer's cadence asks every bound layer (SendKeyFrameRequest).
        layer.Bind(new SimulcastLayerReceiver(History is null ? null : new RtpHistory(History.Capacity), new ReceiveStatistics(),
            CreateKeyFrameGate(Server, cadence: false), bitrate));
    }

    /// <summary>The NACK history of simulcast layer <paramref name="index"/>, or the producer's for a single stream (-1).</summary>
    internal RtpHistory? GetHistory(int index) =>
        index < 0 || index >= Layers.Count ? History : Layers[index].Receiver?.History;

    /// <summary>The statistics (and so the publisher's last SR) of layer <paramref name="index"/>, or the producer's (-1).</summary>
    internal ReceiveStatistics GetStatistics(int index) =>
        index >= 0 && index < Layers.Count && Layers[index].Receiver is { } receiver ? receiver.Statistics : Statistics;

    /// <summary>
    /// A consumer waits for a keyframe of layer <paramref name="index"/> (to start, or to switch to it). As
    /// <see cref="RequestKeyFrame"/>, through that layer's gate, with a PLI naming the layer's SSRC (RFC 4585 §6.3.1:
    /// the media source is the stream to refresh). A layer not bound yet is served by the lowest bound one.
    /// </summary>
    internal bool RequestLayerKeyFrame(int index, bool hidden)
    {
        SimulcastLayer? layer = index >= 0 && index < Layers.Count && Layers[index].Receiver is not null ? Layers[index] : null;
        for (int i = 0; layer is null && i < Layers.Count; i++)
        {
            layer = Layers[i].Receiver is not null ? Layers[i] : null;
        }
        if (layer is null || layer == _primaryLayer || hidden || Kind != MediaKind.Video || _closed)
        {
            return RequestKeyFrame(hidden);
        }

        if (!layer.Receiver!.KeyFrames.TryRequest(Server.Time.GetTimestamp()))
        {
            SfuMetrics.KeyFrameRequestCoalesced();
            return false;
        }

        return SendLayerKeyFrameRequest(layer);
    }

    private bool SendLayerKeyFrameRequest(SimulcastLayer layer)
    {
        Interlocked.Increment(ref _keyFrameRequestsSent);
        return Transport is { } transport && transport.SendPictureLossIndication(layer.Ssrc);
    }

    /// <summary>
    /// A subscriber, the recorder or a new consumer needs a keyframe. A visible one goes through the gate (at most one
    /// request upstream per interval however many ask); a hidden one (an observer, a pipe to an edge) sends nothing and
    /// waits for the next keyframe, which the cadence guarantees, so the publisher cannot count who watches.
    /// </summary>
    internal bool RequestKeyFrame(bool hidden)
    {
        if (Kind != MediaKind.Video || _closed)
        {
            return false;
        }

        if (hidden)
        {
            Interlocked.Increment(ref _keyFrameRequestsAbsorbed);
            SfuMetrics.KeyFrameRequestAbsorbed();
            return false;
        }

        if (!KeyFrames.TryRequest(Server.Time.GetTimestamp()))
        {
            SfuMetrics.KeyFrameRequestCoalesced();
            return false;
        }

        return SendKeyFrameRequest(byCadence: false);
    }

    private bool SendKeyFrameRequest(bool byCadence)
    {
        Interlocked.Increment(ref _keyFrameRequestsSent);
        if (byCadence)
        {
            Interlocked.Increment(ref _keyFrameRequestsByCadence);
        }

        if (Transport is not { } transport)
        {
            return Upstream!.SendKeyFrameRequest();
        }

        if (byCadence)
        {
            // The cadence serves hidden subscribers, who may be on any simulcast layer: it refreshes every bound one.
            for (int i = 0; i < Layers.Count; i++)
            {
                if (Layers[i].Receiver is not null && Layers[i] != _primaryLayer)
                {
                    transport.SendPictureLossIndication(Layers[i].Ssrc);
                }
            }
        }

        return transport.SendPictureLossIndication(Ssrc);
    }

    private static KeyFrameRequestGate CreateKeyFrameGate(SfuServer server, bool cadence) => new(
        server.Options.KeyFrameRequestInterval, cadence ? server.Options.KeyFrameCadence : TimeSpan.Zero,
        server.Time.TimestampFrequency, server.Time.GetTimestamp());

    /// <summary>Attaches <paramref name="tap"/>, replacing any other; safe while the router's packet lane runs.</summary>
    public void AttachTap(IRtpTap tap)
    {
        ArgumentNullException.ThrowIfNull(tap);
        _tap = tap;
    }

    /// <summary>Detaches <paramref name="tap"/> if it is the attached one; the router's packet lane may still be inside its call.</summary>
    public void DetachTap(IRtpTap tap) => Interlocked.CompareExchange(ref _tap, null, tap);

    /// <summary>
    /// Asks the publisher for a keyframe when the tap wants one (the maintenance tick calls it). Recording is announced to
    /// everyone, so the recorder is a visible requester.
    /// </summary>
    internal void RequestKeyFrameForTap()
    {
        if (_tap is { WantsKeyFrame: true })
        {
            if (_tapFeed is { } feed)
            {
                feed.RequestKeyFrame(Server.Time.GetTimestamp());
            }
            else
            {
                RequestKeyFrame(hidden: false);
            }
        }
    }

    internal void AddConsumer(Consumer consumer) => _consumers = [.. _consumers, consumer];

    internal void RemoveConsumer(Consumer consumer) => _consumers = _consumers.Where(c => c != consumer).ToArray();

    internal void AddPipe(PipeSender pipe) => _pipes = [.. _pipes, pipe];

    internal void RemovePipe(PipeSender pipe) => _pipes = _pipes.Where(p => p != pipe).ToArray();

    /// <summary>Marks the producer closed and returns its consumers, which the router then closes.</summary>
    internal Consumer[] Close()
    {
        if (_closed)
        {
            return [];
        }

        _closed = true;
        _pipes = [];
        SfuMetrics.ProducerClosed();
        Consumer[] consumers = _consumers;
        _consumers = [];
        return consumers;
    }

    private bool IsKeyFrameStart(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        return Codecs.CodecOf(header.PayloadType) switch
        {
            // RFC 7741 §4.3: a keyframe starts in partition 0 with S=1 and P=0 in the payload header.
            RtpCodec.Vp8 => Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8) && vp8.IsKeyFrame,
            RtpCodec.H264 => H264KeyFrameDetector.IsKeyFrame(payload),
            _ => false,
        };
    }
}
