namespace Live.Media.Bwe;

/// <summary>
/// The received rate R_hat (draft-ietf-rmcat-gcc-02 §5.5): bytes the receiver acknowledged in transport-wide feedback
/// whose arrival falls in the last <see cref="WindowUs"/>, by the receiver's clock. A fixed ring of recent arrivals,
/// allocation free; arrivals older than the window or beyond the ring's capacity fall out.
/// </summary>
public sealed class AcknowledgedBitrateEstimator
{
    /// <summary>§5.5: R_hat is measured over a window T of 0.5–1 s; 500 ms reacts fastest to a step down.</summary>
    public const long WindowUs = 500_000;

    /// <summary>Ring capacity: 500 ms at 50 Mbit/s of 1200-byte packets.</summary>
    public const int Capacity = 4096;

    private readonly long[] arrivals = new long[Capacity];
    private readonly int[] sizes = new int[Capacity];
    private int head;
    private int count;
    private long bytesInWindow;
    private long firstArrivalUs = -1;
    private long latestArrivalUs = long.MinValue;

    /// <summary>Adds one acknowledged packet.</summary>
    public void Add(long arrivalTimeUs, int sizeBytes)
    {
        if (firstArrivalUs < 0)
        {
            firstArrivalUs = arrivalTimeUs;
        }

        latestArrivalUs = Math.Max(latestArrivalUs, arrivalTimeUs);
        if (count == Capacity)
        {
            bytesInWindow -= sizes[head];
            head = (head + 1) % Capacity;
            count--;
        }

        int tail = (head + count) % Capacity;
        arrivals[tail] = arrivalTimeUs;
        sizes[tail] = sizeBytes;
        count++;
        bytesInWindow += sizeBytes;
        Expire();
    }

    /// <summary>
    /// The received rate in bits per second over the window ending at the latest arrival, or 0 until a full window
    /// of arrivals has been seen.
    /// </summary>
    public long BitrateBps => firstArrivalUs >= 0 && latestArrivalUs - firstArrivalUs >= WindowUs
        ? bytesInWindow * 8 * 1_000_000 / WindowUs
        : 0;

    private void Expire()
    {
        long oldest = latestArrivalUs - WindowUs;
        while (count > 0 && arrivals[head] <= oldest)
        {
            bytesInWindow -= sizes[head];
            head = (head + 1) % Capacity;
            count--;
        }
    }
}
