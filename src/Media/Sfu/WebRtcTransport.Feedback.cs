using Live.Media.Rtp;
using Live.Media.Twcc;

namespace Live.Media.Sfu;

/// <summary>
/// Transport-wide congestion control feedback to the publisher (draft-holmer-rmcat-transport-wide-cc-extensions-01):
/// the router's packet lane records every packet's transport-wide sequence number and arrival time, and every
/// <see cref="SfuOptions.TransportFeedbackInterval"/> while packets arrive sends what it recorded, so the browser's
/// send-side estimator can raise its bitrate. Recording and sending both happen in the router's packet lane, so the recorder
/// needs no lock; the send takes only this transport's own send lock, as NACKs do.
/// </summary>
public sealed partial class WebRtcTransport
{
    // One feedback holds at most TransportFeedbackRecorder.MaxFciBytes of FCI plus its 20 bytes of headers and padding.
    private const int FeedbackBufferLength = 1200;

    private volatile TransportFeedbackRecorder? _feedback;
    private byte[]? _feedbackBuffer;
    private long _lastFeedback;
    private long _feedbackSent;

    /// <summary>The publisher's id for the transport-wide-cc header extension; 0 when not negotiated.</summary>
    internal byte IncomingTransportWideCcExtensionId { get; private set; }

    /// <summary>Transport-wide feedback packets sent to this transport's publisher.</summary>
    public long TransportFeedbackSent => Interlocked.Read(ref _feedbackSent);

    /// <summary>
    /// Starts recording transport-wide sequence numbers carried in extension <paramref name="id"/> (the answer's extmap
    /// for the publisher's sections). Called by the router under its lock; the recorder is created once, only for
    /// transports that publish.
    /// </summary>
    internal void EnableTransportFeedback(byte id)
    {
        if (_feedback is null)
        {
            _feedbackBuffer = new byte[FeedbackBufferLength];
            _feedback = new TransportFeedbackRecorder();
        }

        IncomingTransportWideCcExtensionId = id;
    }

    /// <summary>Packet lane: records one packet's arrival and sends feedback when the interval has passed.</summary>
    private void RecordArrival(ReadOnlySpan<byte> packet, in RtpHeader header, long now)
    {
        TransportFeedbackRecorder? recorder = _feedback;
        byte id = IncomingTransportWideCcExtensionId;
        if (recorder is null || id == 0 || !RtpPacketRewriter.TryGetTransportWideSequenceNumber(packet, header, id, out ushort sequence))
        {
            return;
        }

        TimeProvider time = Server.Time;
        recorder.Record(sequence, time.GetElapsedTime(0, now).Ticks / TimeSpan.TicksPerMicrosecond);
        if (_lastFeedback != 0 && time.GetElapsedTime(_lastFeedback, now) < Server.Options.TransportFeedbackInterval)
        {
            return;
        }

        _lastFeedback = now;
        byte[] buffer = _feedbackBuffer!;
        int length;
        while ((length = recorder.WriteFeedback(buffer, RtcpSsrc, header.Ssrc)) > 0)
        {
            if (SendRtcp(buffer.AsSpan(0, length)))
            {
                Interlocked.Increment(ref _feedbackSent);
                SfuMetrics.TransportFeedbackSent();
            }
        }
    }
}
