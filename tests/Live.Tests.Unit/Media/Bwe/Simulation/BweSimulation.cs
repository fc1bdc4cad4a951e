using Live.Media.Bwe;
using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>
/// Runs a sender, a <see cref="Pacer"/>, a <see cref="BottleneckLink"/> and a <see cref="FeedbackReceiver"/> in 1 ms
/// steps. Closed loop: the encoder follows the estimator's target. Open loop: it follows a fixed schedule (that is how
/// the committed traces are generated). Replay: the sends and arrivals come from a trace.
/// </summary>
internal sealed class BweSimulation
{
    public const long StepUs = 1_000;

    /// <summary>Chrome sends transport-wide feedback about every 50 ms at video rates.</summary>
    public const long FeedbackIntervalUs = 50_000;

    public const long SampleIntervalUs = 100_000;

    private readonly FeedbackReceiver receiver = new();
    private readonly Queue<(long AtUs, TransportWideFeedback Feedback)> inFlight = new();
    private readonly long returnDelayUs;

    public BweSimulation(SendSideEstimator estimator, long returnDelayUs)
    {
        Estimator = estimator;
        this.returnDelayUs = returnDelayUs;
    }

    public SendSideEstimator Estimator { get; }

    public List<EstimateSample> Samples { get; } = [];

    public List<TraceRow> Rows { get; } = [];

    /// <summary>Runs an encoder whose rate is <paramref name="senderRate"/>(time, current target) through the pacer and the link.</summary>
    public void RunSender(BottleneckLink link, long durationUs, Func<long, long, long> senderRate)
    {
        var source = new VideoSource();
        var pacer = new Pacer(Estimator.TargetBitrateBps);
        long token = 0;
        for (long t = 0; t <= durationUs; t += StepUs)
        {
            long rate = senderRate(t, Estimator.TargetBitrateBps);
            pacer.SetTargetBitrate(rate);
            source.Produce(t, rate, size => pacer.Enqueue(token++, size, PacketClass.Video, t));
            while (pacer.TryDequeue(t, out PacedPacket packet))
            {
                int sequence = Rows.Count;
                long arrival = link.Transmit(t, packet.SizeBytes);
                Send(new TraceRow(sequence, t, packet.SizeBytes, arrival));
            }

            Tick(t);
        }
    }

    /// <summary>Replays a recorded trace: its sends at their times, feedback about its arrivals every 50 ms.</summary>
    public void Replay(IReadOnlyList<TraceRow> trace)
    {
        int next = 0;
        long end = trace[^1].SendTimeUs + 1_000_000;
        for (long t = 0; t <= end; t += StepUs)
        {
            while (next < trace.Count && trace[next].SendTimeUs <= t)
            {
                Send(trace[next++]);
            }

            Tick(t);
        }
    }

    /// <summary>The samples from <paramref name="fromUs"/> up to <paramref name="toUs"/>.</summary>
    public IEnumerable<EstimateSample> Between(long fromUs, long toUs) => Samples.Where(s => s.TimeUs >= fromUs && s.TimeUs <= toUs);

    /// <summary>The first sample time at or after <paramref name="fromUs"/> that satisfies <paramref name="condition"/>, or -1.</summary>
    public long FirstTime(long fromUs, Func<EstimateSample, bool> condition) =>
        Samples.FirstOrDefault(s => s.TimeUs >= fromUs && condition(s)) is { TimeUs: > 0 } hit ? hit.TimeUs : -1;

    private void Send(TraceRow row)
    {
        Rows.Add(row);
        Estimator.OnPacketSent((ushort)row.TransportSequence, row.SizeBytes, row.SendTimeUs);
        receiver.Record(row.TransportSequence, row.ArrivalTimeUs);
    }

    private void Tick(long t)
    {
        if (t % FeedbackIntervalUs == 0 && receiver.Build(t) is { } feedback)
        {
            inFlight.Enqueue((t + returnDelayUs, feedback));
        }

        while (inFlight.Count > 0 && inFlight.Peek().AtUs <= t)
        {
            Estimator.OnFeedback(inFlight.Dequeue().Feedback, t);
        }

        if (t % SampleIntervalUs == 0)
        {
            SendSideEstimator e = Estimator;
            Samples.Add(new EstimateSample(t, e.TargetBitrateBps, e.DelayBasedBps, e.LossBasedBps, e.AcknowledgedBps, e.DelaySignal.Trend, e.DelaySignal.Threshold, e.Usage));
        }
    }
}
