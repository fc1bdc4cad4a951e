using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>
/// The receiving side of the simulation: remembers each transport-wide sequence number's arrival (or loss) and, when
/// asked, builds the transport-wide feedback a browser would send for everything that arrived since the previous one,
/// serialized and parsed again so the estimator sees exactly what the wire carries.
/// </summary>
internal sealed class FeedbackReceiver
{
    private readonly List<long> arrivals = [];
    private int nextToReport;
    private byte feedbackCount;

    /// <summary>Records the fate of the packet with unwrapped sequence <paramref name="sequence"/> (dense, from 0).</summary>
    public void Record(int sequence, long arrivalUs)
    {
        while (arrivals.Count <= sequence)
        {
            arrivals.Add(-1);
        }

        arrivals[sequence] = arrivalUs;
    }

    /// <summary>Feedback for the packets up to the last one arrived by <paramref name="nowUs"/>, or null when none did.</summary>
    public TransportWideFeedback? Build(long nowUs)
    {
        int last = -1;
        for (int i = nextToReport; i < arrivals.Count; i++)
        {
            long arrival = arrivals[i];
            if (arrival >= 0 && arrival > nowUs)
            {
                break;
            }

            if (arrival >= 0)
            {
                last = i;
            }
        }

        if (last < 0)
        {
            return null;
        }

        var times = new List<long?>(last - nextToReport + 1);
        for (int i = nextToReport; i <= last; i++)
        {
            times.Add(arrivals[i] >= 0 ? arrivals[i] : null);
        }

        TransportWideFeedback built = TransportWideFeedback.FromArrivals(1, 2, feedbackCount++, (ushort)nextToReport, times);
        nextToReport = last + 1;
        byte[] wire = new byte[built.GetSerializedSize()];
        built.WriteTo(wire);
        return TransportWideFeedback.TryParse(wire, out TransportWideFeedback parsed)
            ? parsed
            : throw new InvalidOperationException("The simulated feedback did not parse.");
    }
}
