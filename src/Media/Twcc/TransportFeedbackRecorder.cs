using Live.Media.Rtcp;

namespace Live.Media.Twcc;

/// <summary>
/// The receive side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01): remembers
/// the transport-wide sequence number and arrival time of every RTP packet a transport receives (media, RTX and padding
/// alike) and turns them into <see cref="TransportWideFeedback"/> packets for the sender's bandwidth estimator. A bounded
/// ring of arrival times indexed by the unwrapped sequence number; nothing allocates after construction. Not thread-safe:
/// one packet lane at a time records and writes.
/// </summary>
public sealed class TransportFeedbackRecorder
{
    /// <summary>
    /// 4096 packets: about 2 s at 20 Mbit/s of 1200-byte packets, far more than the packets that arrive between two
    /// feedbacks (every 50 ms); older unreported packets are given up (counted in <see cref="PacketsGivenUp"/>).
    /// </summary>
    public const int DefaultWindowSize = 4096;

    /// <summary>
    /// The FCI bytes (chunks plus deltas) one feedback may carry, so that with its headers and the SRTCP trailer the
    /// packet stays well under a 1200-byte path MTU; a longer stretch is split over several feedbacks.
    /// </summary>
    public const int MaxFciBytes = 1000;

    // §3.1.3/§3.1.4: the densest chunk (two-bit vector) holds 7 statuses in 2 bytes; estimating every status at that
    // rate keeps the real (greedy) encoding within the budget.
    private const int StatusesPerWorstChunk = 7;
    private const int ChunkBytes = 2;

    private const long NotReceived = long.MinValue;
    private const long TicksPerReferenceUnit = TransportWideFeedback.ReferenceTimeUnitMicroseconds / TransportWideFeedback.DeltaUnitMicroseconds;

    private readonly long[] _arrivals;
    private readonly TwccPacketStatus[] _statuses;
    private readonly short[] _deltas;
    private readonly long _mask;
    private bool _started;
    private long _highest;
    private long _nextToReport;
    private byte _feedbackCount;
    private long _lastReferenceUnits;

    public TransportFeedbackRecorder(int windowSize = DefaultWindowSize)
    {
        if (windowSize < 16 || !int.IsPow2(windowSize) || windowSize > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize, "The window is a power of two from 16 to 32768.");
        }

        _arrivals = new long[windowSize];
        _arrivals.AsSpan().Fill(NotReceived);
        _statuses = new TwccPacketStatus[windowSize];
        _deltas = new short[windowSize];
        _mask = windowSize - 1;
    }

    /// <summary>The number of sequence numbers the recorder remembers.</summary>
    public int WindowSize => _arrivals.Length;

    /// <summary>True when some recorded packet (or gap before it) has not been reported yet.</summary>
    public bool HasPending => _started && _nextToReport <= _highest;

    /// <summary>The feedback packet count the next feedback will carry (§3.1: wraps at 256).</summary>
    public byte FeedbackPacketCount => _feedbackCount;

    /// <summary>Packets recorded (duplicates and packets older than the window excluded).</summary>
    public long PacketsRecorded { get; private set; }

    /// <summary>Packets whose sequence number had already arrived.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Packets that arrived after their sequence number left the window; not reported.</summary>
    public long TooLate { get; private set; }

    /// <summary>Sequence numbers that left the window before any feedback reported them.</summary>
    public long PacketsGivenUp { get; private set; }

    /// <summary>Records that the packet with transport-wide <paramref name="sequenceNumber"/> arrived at <paramref name="arrivalMicroseconds"/> (receiver clock, ≥ 0).</summary>
    public void Record(ushort sequenceNumber, long arrivalMicroseconds)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            _nextToReport = sequenceNumber;
            _arrivals[sequenceNumber & _mask] = arrivalMicroseconds;
            PacketsRecorded++;
            return;
        }

        // Unwrap against the highest seen: the nearer of the two directions (RFC 3550 §A.1 style).
        long extended = _highest + (short)(sequenceNumber - (ushort)_highest);
        if (extended > _highest)
        {
            long oldest = extended - _arrivals.Length + 1;
            for (long s = Math.Max(_highest + 1, oldest); s < extended; s++)
            {
                _arrivals[s & _mask] = NotReceived;
            }

            if (_nextToReport < oldest)
            {
                PacketsGivenUp += oldest - _nextToReport;
                _nextToReport = oldest;
            }

            _highest = extended;
            _arrivals[extended & _mask] = arrivalMicroseconds;
            PacketsRecorded++;
            return;
        }

        if (extended <= _highest - _arrivals.Length)
        {
            TooLate++;
            return;
        }

        ref long slot = ref _arrivals[extended & _mask];
        if (slot != NotReceived)
        {
            Duplicates++;
            return;
        }

        slot = arrivalMicroseconds;
        PacketsRecorded++;
        if (extended < _nextToReport)
        {
            // Reported lost already: report the stretch from it again, as received (the sender takes the latest word).
            _nextToReport = extended;
        }
    }

    /// <summary>
    /// Writes the next feedback packet for the unreported stretch into <paramref name="destination"/> (at least 1200
    /// bytes) and returns its length, or 0 when nothing is pending. Call again while <see cref="HasPending"/>: a stretch
    /// too long for one packet, or with arrivals more than ±8.19 s apart (a delta a 16-bit field cannot hold), is split.
    /// </summary>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (!HasPending)
        {
            return 0;
        }

        long start = _nextToReport;
        long referenceUnits = 0;
        long previousTicks = 0;
        bool haveReference = false;
        int count = 0;
        int deltaCount = 0;
        int deltaBytes = 0;
        for (long s = start; s <= _highest && count < _statuses.Length; s++)
        {
            long arrival = _arrivals[s & _mask];
            if (arrival == NotReceived)
            {
                if (!FitsBudget(count + 1, deltaBytes))
                {
                    break;
                }

                _statuses[count++] = TwccPacketStatus.NotReceived;
                continue;
            }

            long ticks = Math.DivRem(arrival, TransportWideFeedback.DeltaUnitMicroseconds).Quotient;
            if (!haveReference)
            {
                // §3.1: the reference time counts 64 ms; the first delta is then 0–255 ticks.
                referenceUnits = Math.DivRem(arrival, TransportWideFeedback.ReferenceTimeUnitMicroseconds).Quotient;
                previousTicks = referenceUnits * TicksPerReferenceUnit;
                haveReference = true;
            }

            long delta = ticks - previousTicks;
            if (delta is < short.MinValue or > short.MaxValue)
            {
                break; // the next feedback starts here, with its own reference time
            }

            TwccPacketStatus status = delta is >= 0 and <= byte.MaxValue ? TwccPacketStatus.SmallDelta : TwccPacketStatus.LargeDelta;
            int bytes = status == TwccPacketStatus.SmallDelta ? 1 : 2;
            if (!FitsBudget(count + 1, deltaBytes + bytes))
            {
                break;
            }

            _statuses[count++] = status;
            _deltas[deltaCount++] = (short)delta;
            deltaBytes += bytes;
            previousTicks = ticks;
        }

        // Trailing losses wait for the packet after them: a feedback ends with a received packet when it has one.
        while (deltaCount > 0 && _statuses[count - 1] == TwccPacketStatus.NotReceived)
        {
            count--;
        }

        if (count == 0)
        {
            return 0;
        }

        if (haveReference)
        {
            _lastReferenceUnits = referenceUnits;
        }
        else
        {
            // Only losses (a gap longer than one packet holds): keep the previous reference time rather than jump to 0.
            referenceUnits = _lastReferenceUnits;
        }

        int length = TransportWideFeedback.Write(destination, senderSsrc, mediaSsrc, (ushort)start, (int)referenceUnits, _feedbackCount,
            _statuses.AsSpan(0, count), _deltas.AsSpan(0, deltaCount));
        _nextToReport = start + count;
        _feedbackCount++;
        return length;
    }

    private static bool FitsBudget(int statuses, int deltaBytes) =>
        (statuses + StatusesPerWorstChunk - 1) / StatusesPerWorstChunk * ChunkBytes + deltaBytes <= MaxFciBytes;
}
