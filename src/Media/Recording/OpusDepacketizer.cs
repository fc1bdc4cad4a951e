using Live.Media.Rtp;

namespace Live.Media.Recording;

/// <summary>
/// Turns the RTP packets of one Opus SSRC into Opus packets (RFC 7587 §4.2: one RTP payload is exactly one Opus
/// packet, timestamped on a 48 kHz clock). Losses need no recovery here: every Opus packet decodes on its own.
/// Late or duplicate packets are ignored; empty payloads are counted as malformed.
/// </summary>
public sealed class OpusDepacketizer
{
    /// <summary>RFC 7587 §4.1: the RTP clock rate of Opus is always 48000 Hz.</summary>
    public const int ClockRate = 48000;

    private readonly IEncodedFrameSink _sink;
    private bool _hasSequence;
    private ushort _lastSequence;
    private bool _hasSsrc;
    private uint _ssrc;

    /// <summary>Creates a depacketizer that hands each Opus packet to <paramref name="sink"/>.</summary>
    public OpusDepacketizer(IEncodedFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>Opus packets handed to the sink.</summary>
    public long FramesEmitted { get; private set; }

    /// <summary>Packets missing according to sequence numbers.</summary>
    public long PacketsLost { get; private set; }

    /// <summary>Packets that are not RTP or have an empty payload.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>Parses <paramref name="packet"/> as RTP and pushes it; malformed input is counted, never thrown.</summary>
    public void Push(ReadOnlySpan<byte> packet)
    {
        if (RtpPacket.TryParse(packet, out RtpPacket parsed))
        {
            Push(parsed);
        }
        else
        {
            MalformedPackets++;
        }
    }

    /// <summary>Pushes one parsed RTP packet (already decrypted) of the Opus stream.</summary>
    public void Push(RtpPacket packet)
    {
        RtpHeader header = packet.Header;
        if (!_hasSsrc || header.Ssrc != _ssrc)
        {
            _hasSsrc = true;
            _ssrc = header.Ssrc;
            _hasSequence = false;
        }

        if (_hasSequence)
        {
            short delta = (short)(header.SequenceNumber - _lastSequence);
            if (delta <= 0)
            {
                return;
            }

            PacketsLost += delta - 1;
        }

        _hasSequence = true;
        _lastSequence = header.SequenceNumber;
        ReadOnlySpan<byte> payload = packet.Payload;
        if (payload.IsEmpty)
        {
            MalformedPackets++;
            return;
        }

        FramesEmitted++;
        _sink.OnFrame(new EncodedFrame(payload, header.Timestamp, isKeyFrame: true));
    }
}
