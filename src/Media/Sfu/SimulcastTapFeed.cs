using Live.Media.Rtp;
using Live.Media.Simulcast;

namespace Live.Media.Sfu;

/// <summary>
/// What a simulcast producer's tap (the recorder) sees: one continuous stream made of the best layer arriving, switched
/// at keyframes and rewritten as a consumer's stream is (<see cref="SimulcastLayerSelector"/>,
/// <see cref="SimulcastRtpRewriter"/>: continuous sequence numbers, timestamps and VP8 picture numbers, one SSRC), so a
/// recording keeps the full resolution a publisher sends and a layer change inside it is just a keyframe at another
/// size. It climbs when a higher layer arrives, and falls to a lower one when its layer stops (libwebrtc turns its top
/// layers off when its own estimate drops). Receive thread only; allocation free.
/// </summary>
internal sealed class SimulcastTapFeed
{
    private const int BufferLength = 2048;

    private readonly Producer _producer;
    private readonly SimulcastLayerSelector _selector;
    private readonly SimulcastRtpRewriter _rewriter;
    private readonly byte[] _buffer = new byte[BufferLength];
    private readonly long _keyFrameAskIntervalTicks;
    private long _lastSendTime;
    private long _lastKeyFrameAsk;

    public SimulcastTapFeed(Producer producer, SfuServer server)
    {
        _producer = producer;
        long frequency = server.Time.TimestampFrequency;
        _selector = new SimulcastLayerSelector(producer.Layers.Count, (long)(server.Options.SimulcastUpSwitchHoldOff.TotalSeconds * frequency));
        _rewriter = new SimulcastRtpRewriter((ushort)Random.Shared.Next(ushort.MaxValue));
        _keyFrameAskIntervalTicks = (long)(server.Options.KeyFrameRequestInterval.TotalSeconds * frequency);
    }

    /// <summary>The layer the tap is given, -1 before its first keyframe.</summary>
    public int CurrentLayer => _selector.CurrentLayer;

    /// <summary>The layer the tap should be given: the highest one arriving.</summary>
    public int TargetLayer => _selector.TargetLayer;

    /// <summary>One packet of layer <paramref name="layer"/>: given to <paramref name="tap"/>, rewritten, when it is the tap's layer.</summary>
    public void OnPacket(IRtpTap tap, ReadOnlySpan<byte> packet, in RtpHeader header, int layer, bool isKeyFrame, long now)
    {
        IReadOnlyList<SimulcastLayer> layers = _producer.Layers;
        _selector.SetTarget(HighestArriving(layers, now));
        int current = _selector.CurrentLayer;
        bool currentStopped = isKeyFrame && current >= 0 && layer != current
            && layers[current].Receiver is { } receiver && receiver.Bitrate.IsSilent(now);
        SimulcastForwardDecision decision = _selector.OnPacket(layer, isKeyFrame, now, currentStopped);
        AskForWantedLayer(now);
        if (decision == SimulcastForwardDecision.Drop)
        {
            return;
        }

        int pictureId = -1, tl0PicIdx = -1;
        if (_producer.Codecs.CodecOf(header.PayloadType) == RtpCodec.Vp8
            && Vp8PayloadDescriptor.TryParse(header.GetPayload(packet), out Vp8PayloadDescriptor vp8))
        {
            pictureId = vp8.PictureId;
            tl0PicIdx = vp8.Tl0PicIdx;
        }

        if (decision == SimulcastForwardDecision.Switch)
        {
            long frequency = _producer.Server.Time.TimestampFrequency;
            uint gap = SimulcastRtpRewriter.SwitchTimestampGap(now - _lastSendTime, frequency, Math.Max(1, _producer.Codecs.ClockRate));
            _rewriter.StartEpoch(header.SequenceNumber, header.Timestamp, pictureId, tl0PicIdx, gap);
        }

        if (!_rewriter.TryRewrite(header.SequenceNumber, header.Timestamp, pictureId, tl0PicIdx, out ushort sequence, out RtpStreamRewrite rewrite))
        {
            return;
        }

        int length = RtpForwardWriter.Write(packet, header, _buffer, header.PayloadType, _producer.Ssrc, sequence, midExtensionId: 0,
            mid: default, rtxSequenceNumber: null, transportWideCcExtensionId: 0, transportSequenceNumber: 0, rewrite);
        if (length == 0 || !RtpHeader.TryParse(_buffer.AsSpan(0, length), out RtpHeader rewritten))
        {
            return;
        }

        _lastSendTime = now;
        tap.OnRtp(_buffer.AsSpan(0, length), rewritten);
    }

    /// <summary>The tap needs a keyframe (it lost a packet, or just started): of the layer it is given, or waits for.</summary>
    public void RequestKeyFrame(long now)
    {
        int wanted = _selector.WantedLayer(now);
        _producer.RequestLayerKeyFrame(wanted >= 0 ? wanted : _selector.CurrentLayer, hidden: false);
    }

    /// <summary>While waiting for a layer's keyframe (to start or to switch), asks for it once per request interval.</summary>
    private void AskForWantedLayer(long now)
    {
        int wanted = _selector.WantedLayer(now);
        if (wanted < 0 || (_lastKeyFrameAsk != 0 && now - _lastKeyFrameAsk < _keyFrameAskIntervalTicks))
        {
            return;
        }

        _lastKeyFrameAsk = now;
        _producer.RequestLayerKeyFrame(wanted, hidden: false); // recording is announced: a visible requester
    }

    private static int HighestArriving(IReadOnlyList<SimulcastLayer> layers, long now)
    {
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            if (layers[i].Receiver is { } receiver && !receiver.Bitrate.IsSilent(now))
            {
                return i;
            }
        }

        return layers.Count - 1;
    }
}
