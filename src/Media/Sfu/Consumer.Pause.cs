using Live.Media.Rtp;

namespace Live.Media.Sfu;

/// <content>
/// Pausing a video consumer while its subscriber's path cannot carry it, and resuming it (WebRtcTransport.VideoPause.cs,
/// docs/design.md "Audio first").
/// </content>
public sealed partial class Consumer
{
    private int _paused; // 1 while paused for bandwidth; exchanged so the gauge counts each pause once
    private bool _awaitingResumeKeyFrame;
    private ushort _resumedAtSequence;
    private bool _hasResumed;

    /// <summary>
    /// True while this video consumer forwards nothing because its subscriber's path cannot carry even its lowest layer
    /// (WebRtcTransport.VideoPause.cs); audio is never paused.
    /// </summary>
    public bool IsPausedForBandwidth => Volatile.Read(ref _paused) != 0;

    /// <summary>
    /// Stops forwarding video until <see cref="ResumeForBandwidth"/>. Called by the thread reading the subscriber's
    /// feedback, which may not be the one forwarding: the flag is exchanged, and what resuming resets is written before
    /// the flag clears.
    /// </summary>
    internal void PauseForBandwidth()
    {
        if (Producer.Kind != MediaKind.Video || _closed || Interlocked.Exchange(ref _paused, 1) != 0)
        {
            return;
        }

        SfuMetrics.VideoPaused(paused: true);
    }

    /// <summary>
    /// Forwards video again from its next keyframe: of the lowest layer for a simulcast producer (the budget raises it
    /// later). The consumer asks for that keyframe as it does at its start — through the producer's gate, and not at
    /// all for a hidden subscriber, which waits for the cadence's (docs/design.md, "Keyframes").
    /// </summary>
    internal void ResumeForBandwidth()
    {
        if (!IsPausedForBandwidth)
        {
            return;
        }

        if (_selector is { } selector)
        {
            selector.SetTarget(0);
            selector.Restart();
        }
        else
        {
            _awaitingResumeKeyFrame = true;
        }

        _lastKeyFrameAsk = 0;
        if (Interlocked.Exchange(ref _paused, 0) != 0)
        {
            SfuMetrics.VideoPaused(paused: false);
        }
    }

    /// <summary>
    /// What this video consumer needs at least, in bits/s: the measured rate of the producer's lowest simulcast layer, or
    /// of its one stream, or <paramref name="floor"/> while that is not measured (or lower).
    /// </summary>
    internal long LowestVideoBitsPerSecond(long now, long floor)
    {
        long measured = Producer.Layers.Count > 0
            ? Producer.Layers[0].Receiver?.Bitrate.BitsPerSecond(now) ?? 0
            : Producer.StreamBitrate?.BitsPerSecond(now) ?? 0;
        return Math.Max(measured, floor);
    }

    /// <summary>
    /// A single-stream video resumed after a pause: drops until a keyframe (asking for one as at the start), then numbers
    /// on from the last packet sent, so the subscriber sees no gap to NACK. True when this packet is to be forwarded.
    /// </summary>
    private bool ResumeAtKeyFrame(in RtpHeader header, bool isKeyFrame)
    {
        if (!isKeyFrame)
        {
            if (!Transport.IsHidden)
            {
                Producer.RequestKeyFrame(hidden: false); // the gate coalesces, as for the first keyframe
            }

            return false;
        }

        _awaitingResumeKeyFrame = false;
        if (_started)
        {
            ushort continued = (ushort)(LastSentSequence + 1);
            _sequenceOffset = (ushort)(continued - header.SequenceNumber);
            _resumedAtSequence = continued;
            _hasResumed = true;
        }

        return true;
    }

    private ushort LastSentSequence { get; set; }
}
