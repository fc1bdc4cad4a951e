namespace Live.Media.Simulcast;

/// <summary>
/// Makes the layers one consumer forwards, one after the other, look like a single stream to the subscriber's
/// decoder. Each layer is its own RTP stream (RFC 8853 §5.1) with its own sequence numbers, timestamp base and VP8
/// picture numbering; at every switch this starts an epoch whose offsets continue from the last packet sent: the
/// sequence number follows it by one (no gap, so the receiver NACKs nothing that was never sent), the timestamp by the
/// time that passed (at least one frame interval at <see cref="MaxFrameRate"/>, so the new frame is later than the
/// last), and PictureID and TL0PICIDX by one (RFC 7741 §4.2; a keyframe is a new picture on temporal layer 0). Packets
/// of the current layer older than the switch (reordered before its keyframe) would reuse numbers already sent, so
/// they are not forwarded. Receive thread only; allocation free.
/// </summary>
public sealed class SimulcastRtpRewriter
{
    /// <summary>The shortest frame interval assumed at a switch: a switch never advances the timestamp by less.</summary>
    public const int MaxFrameRate = 60;

    private readonly ushort _firstSequence;
    private bool _started;
    private bool _sent;
    private ushort _epochStart;
    private RewriteOffsets _offsets;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private int _lastPictureId = -1;
    private int _lastTl0PicIdx = -1;

    /// <param name="firstSequence">The sequence number of the consumer's first packet.</param>
    public SimulcastRtpRewriter(ushort firstSequence) => _firstSequence = firstSequence;

    public bool IsStarted => _started;

    /// <summary>The offsets of the current epoch.</summary>
    public RewriteOffsets Offsets => _offsets;

    /// <summary>The highest sequence number sent (the consumer's numbering).</summary>
    public ushort LastSequence => _lastSequence;

    /// <summary>The timestamp of the packet with <see cref="LastSequence"/> (the consumer's numbering).</summary>
    public uint LastTimestamp => _lastTimestamp;

    /// <summary>
    /// The timestamp advance at a switch: the time since the last packet sent, in media clock units, but at least one
    /// frame at <see cref="MaxFrameRate"/>.
    /// </summary>
    public static uint SwitchTimestampGap(long elapsedTicks, long timestampFrequency, int clockRate)
    {
        long elapsed = elapsedTicks <= 0 ? 0 : (long)((double)elapsedTicks * clockRate / timestampFrequency);
        long minimum = Math.Max(1, clockRate / MaxFrameRate);
        return (uint)Math.Clamp(elapsed, minimum, uint.MaxValue / 2);
    }

    /// <summary>
    /// Starts an epoch at <paramref name="sequence"/>, the first packet of a keyframe of the layer switched to (its
    /// timestamp, PictureID and TL0PICIDX, -1 when absent). The first epoch keeps the layer's timestamps and picture
    /// numbers and starts the sequence numbers at the consumer's first; later ones continue from the last packet sent,
    /// the timestamp advanced by <paramref name="timestampGap"/>.
    /// </summary>
    public void StartEpoch(ushort sequence, uint timestamp, int pictureId, int tl0PicIdx, uint timestampGap)
    {
        if (!_sent)
        {
            _offsets = new RewriteOffsets((ushort)(_firstSequence - sequence), 0, 0, 0);
        }
        else
        {
            _offsets = new RewriteOffsets(
                (ushort)(_lastSequence + 1 - sequence),
                _lastTimestamp + timestampGap - timestamp,
                pictureId >= 0 && _lastPictureId >= 0 ? (_lastPictureId + 1 - pictureId) & Vp8PictureIdRewriter.LongPictureIdMask : 0,
                tl0PicIdx >= 0 && _lastTl0PicIdx >= 0 ? (_lastTl0PicIdx + 1 - tl0PicIdx) & 0xFF : 0);
        }

        _epochStart = sequence;
        _started = true;
    }

    /// <summary>
    /// Rewrites one packet of the current layer (the layer's own numbering in, the consumer's out); false when it came
    /// before the epoch's first packet and is not to be sent.
    /// </summary>
    public bool TryRewrite(ushort sequence, uint timestamp, int pictureId, int tl0PicIdx,
        out ushort outSequence, out RtpStreamRewrite rewrite)
    {
        if (!_started || (short)(sequence - _epochStart) < 0)
        {
            outSequence = 0;
            rewrite = default;
            return false;
        }

        RewriteOffsets offsets = _offsets;
        outSequence = offsets.ApplySequence(sequence);
        uint outTimestamp = offsets.ApplyTimestamp(timestamp);
        int outPictureId = offsets.ApplyPictureId(pictureId);
        int outTl0PicIdx = offsets.ApplyTl0PicIdx(tl0PicIdx);
        if (!_sent || (short)(outSequence - _lastSequence) > 0)
        {
            // The newest packet sent is what the next epoch continues from (a reordered older one is not).
            _sent = true;
            _lastSequence = outSequence;
            _lastTimestamp = outTimestamp;
            if (outPictureId >= 0)
            {
                _lastPictureId = outPictureId;
            }

            if (outTl0PicIdx >= 0)
            {
                _lastTl0PicIdx = outTl0PicIdx;
            }
        }

        rewrite = new RtpStreamRewrite(outTimestamp, outPictureId, outTl0PicIdx);
        return true;
    }
}
