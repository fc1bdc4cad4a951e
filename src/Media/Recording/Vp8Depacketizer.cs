using Live.Media.Rtp;

namespace Live.Media.Recording;

/// <summary>
/// Reassembles VP8 frames from the RTP packets of one SSRC (RFC 7741 §4): a frame starts at a packet with S=1 and
/// PID=0 and ends at the marker bit. A sequence gap drops the frame in progress and then everything up to the next
/// keyframe, since later frames reference what was lost; <see cref="NeedsKeyframe"/> tells the caller to ask the
/// sender for one. Packets are expected in order (no jitter buffer); late or duplicate packets are ignored.
/// </summary>
public sealed class Vp8Depacketizer
{
    /// <summary>Frames above this size are dropped so a hostile stream cannot grow the buffer without bound.</summary>
    public const int MaxFrameSize = 4 * 1024 * 1024;

    private const int InitialBufferSize = 64 * 1024;

    // RFC 7741 §4.3: |Size0|H|VER|P|, P = 0 for a key frame.
    private const byte InverseKeyFrameBit = 0x01;

    private readonly IEncodedFrameSink _sink;
    private byte[] _frame = new byte[InitialBufferSize];
    private int _frameLength;
    private uint _frameTimestamp;
    private bool _frameIsKey;
    private bool _assembling;
    private bool _hasSequence;
    private ushort _lastSequence;
    private bool _hasSsrc;
    private uint _ssrc;

    /// <summary>Creates a depacketizer that hands complete frames to <paramref name="sink"/>.</summary>
    public Vp8Depacketizer(IEncodedFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>True until a keyframe has been reassembled after the start, a loss or an SSRC change.</summary>
    public bool NeedsKeyframe { get; private set; } = true;

    /// <summary>Frames handed to the sink.</summary>
    public long FramesEmitted { get; private set; }

    /// <summary>Frames started but dropped (a packet missing, oversize) plus delta frames skipped while waiting for a keyframe.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Sequence gaps seen (each may hide several lost packets).</summary>
    public long Gaps { get; private set; }

    /// <summary>Packets that are not RTP or carry no valid VP8 payload.</summary>
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

    /// <summary>Pushes one parsed RTP packet (already decrypted) of the VP8 stream.</summary>
    public void Push(RtpPacket packet)
    {
        RtpHeader header = packet.Header;
        if (!_hasSsrc || header.Ssrc != _ssrc)
        {
            // A new source (or a simulcast switch) shares no decoder state with the old one.
            ResetStream(header.Ssrc);
        }

        if (!AcceptSequence(header.SequenceNumber))
        {
            return;
        }

        ReadOnlySpan<byte> payload = packet.Payload;
        if (payload.IsEmpty)
        {
            return; // RFC 3550 §5.1: a padding-only packet (bandwidth probing) carries no media and breaks no frame
        }

        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor) || descriptor.Length >= payload.Length)
        {
            MalformedPackets++;
            AbandonFrame();
            NeedsKeyframe = true;
            return;
        }

        ReadOnlySpan<byte> vp8 = payload[descriptor.Length..];
        if (descriptor.IsStartOfFrame)
        {
            if (_assembling)
            {
                // Contiguous sequence numbers but no marker: the sender left it off, the previous frame is whole.
                EmitFrame();
            }

            StartFrame(header.Timestamp, (vp8[0] & InverseKeyFrameBit) == 0);
        }
        else if (_assembling && header.Timestamp != _frameTimestamp)
        {
            // A continuation from another frame means the start of this one never arrived.
            AbandonFrame();
        }

        if (!_assembling)
        {
            return;
        }

        if (!Append(vp8))
        {
            AbandonFrame();
            return;
        }

        if (header.Marker)
        {
            EmitFrame();
        }
    }

    private void ResetStream(uint ssrc)
    {
        _hasSsrc = true;
        _ssrc = ssrc;
        _hasSequence = false;
        _assembling = false;
        NeedsKeyframe = true;
    }

    private bool AcceptSequence(ushort sequence)
    {
        if (!_hasSequence)
        {
            _hasSequence = true;
            _lastSequence = sequence;
            return true;
        }

        short delta = (short)(sequence - _lastSequence);
        if (delta <= 0)
        {
            return false;
        }

        _lastSequence = sequence;
        if (delta > 1)
        {
            Gaps++;
            AbandonFrame();
            NeedsKeyframe = true;
        }

        return true;
    }

    private void StartFrame(uint timestamp, bool isKey)
    {
        if (NeedsKeyframe && !isKey)
        {
            FramesDropped++;
            return;
        }

        _assembling = true;
        _frameLength = 0;
        _frameTimestamp = timestamp;
        _frameIsKey = isKey;
    }

    private bool Append(ReadOnlySpan<byte> data)
    {
        int needed = _frameLength + data.Length;
        if (needed > MaxFrameSize)
        {
            return false;
        }

        if (needed > _frame.Length)
        {
            Array.Resize(ref _frame, Math.Min(MaxFrameSize, Math.Max(needed, _frame.Length * 2)));
        }

        data.CopyTo(_frame.AsSpan(_frameLength));
        _frameLength = needed;
        return true;
    }

    private void AbandonFrame()
    {
        if (_assembling)
        {
            _assembling = false;
            FramesDropped++;
            NeedsKeyframe = true;
        }
    }

    private void EmitFrame()
    {
        _assembling = false;
        if (_frameIsKey)
        {
            NeedsKeyframe = false;
        }

        FramesEmitted++;
        _sink.OnFrame(new EncodedFrame(_frame.AsSpan(0, _frameLength), _frameTimestamp, _frameIsKey));
    }
}
