using Live.Media.Rtcp;

namespace Live.Media.Sfu;

/// <summary>
/// Reception statistics of one incoming RTP stream as RFC 3550 Appendix A.1, A.3 and A.8 define them: extended highest
/// sequence number, cumulative and fractional loss, interarrival jitter, and the last sender report for LSR/DLSR.
/// Updated in the router's packet lane; read under the report writer's snapshot (torn reads only skew one report).
/// </summary>
internal sealed class ReceiveStatistics
{
    // RFC 3550 §A.1: sequence numbers wrap at 2^16.
    private const uint SequenceModulo = 1 << 16;

    // RFC 3550 §A.1: a jump larger than this is treated as a restart rather than loss.
    private const int MaxDropout = 3000;

    private bool _initialized;
    private uint _cycles;
    private ushort _maxSequence;
    private uint _baseSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private uint _lastSrMiddle;
    private long _lastSrArrival;

    public long Received => _received;

    public uint ExtendedHighestSequence => _cycles + _maxSequence;

    public ushort HighestSequence => _maxSequence;

    public bool HasSenderReport => _lastSrArrival != 0;

    /// <summary>The publisher's last SR: NTP time, RTP time and when it arrived (TimeProvider timestamp).</summary>
    public ulong LastSrNtp { get; private set; }

    public uint LastSrRtp { get; private set; }

    public long LastSrArrival => _lastSrArrival;

    /// <summary>Records a packet; returns how many sequence numbers were skipped before it (0 when in order).</summary>
    public int Update(ushort sequence, uint rtpTimestamp, long arrivalTimestamp, long timestampFrequency, int clockRate)
    {
        _received++;
        if (!_initialized)
        {
            _initialized = true;
            _maxSequence = sequence;
            _baseSequence = sequence;
            UpdateJitter(rtpTimestamp, arrivalTimestamp, timestampFrequency, clockRate, first: true);
            return 0;
        }

        int delta = (ushort)(sequence - _maxSequence);
        int gap = 0;
        if (delta is > 0 and < MaxDropout)
        {
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            gap = delta - 1;
            _maxSequence = sequence;
        }

        UpdateJitter(rtpTimestamp, arrivalTimestamp, timestampFrequency, clockRate, first: false);
        return gap;
    }

    public void OnSenderReport(ulong ntp, uint rtp, long arrivalTimestamp)
    {
        LastSrNtp = ntp;
        LastSrRtp = rtp;
        _lastSrMiddle = (uint)(ntp >> 16);
        _lastSrArrival = arrivalTimestamp;
    }

    /// <summary>The report block for this stream (RFC 3550 §6.4.1), advancing the interval used for the fraction lost.</summary>
    public ReportBlock CreateReportBlock(uint ssrc, TimeProvider time)
    {
        long expected = ExtendedHighestSequence - _baseSequence + 1;
        long lost = Math.Clamp(expected - _received, -(1 << 23), (1 << 23) - 1);
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;

        // RFC 3550 §A.3: fraction = (lost_interval << 8) / expected_interval, 0 when nothing was lost.
        byte fraction = expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        // RFC 3550 §6.4.1: DLSR in units of 1/65536 s since the last SR arrived.
        uint dlsr = 0;
        if (_lastSrArrival != 0)
        {
            dlsr = (uint)Math.Min(uint.MaxValue, time.GetElapsedTime(_lastSrArrival).TotalSeconds * 65536);
        }

        return new ReportBlock(ssrc, fraction, (int)lost, ExtendedHighestSequence, (uint)_jitter, _lastSrMiddle, dlsr);
    }

    // RFC 3550 §A.8: J += (|D| - J) / 16, with D the difference in relative transit times, in RTP clock units.
    private void UpdateJitter(uint rtpTimestamp, long arrivalTimestamp, long timestampFrequency, int clockRate, bool first)
    {
        if (clockRate <= 0)
        {
            return;
        }

        long arrival = (long)((double)arrivalTimestamp / timestampFrequency * clockRate);
        long transit = arrival - rtpTimestamp;
        if (!first)
        {
            long d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
    }
}
