using Live.Media.KeyFrames;

namespace Live.Tests.Unit.Media.KeyFrames;

/// <summary>
/// The keyframe request gate on a fake clock (timestamps in milliseconds): one request per interval however many ask,
/// deferred requests sent once at the interval's end, and a cadence that asks on a fixed clock whatever else happens.
/// </summary>
public sealed class KeyFrameRequestGateTests
{
    private const long Frequency = 1000; // timestamps in ms
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cadence = TimeSpan.FromSeconds(2);

    [Fact]
    public void TryRequest_First_SendsAtOnce()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 10_000);

        Assert.True(gate.TryRequest(10_000));
    }

    [Fact]
    public void TryRequest_TwentyWhileOutstanding_OneSentOthersServedByItsKeyFrame()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);

        int sent = Enumerable.Range(0, 20).Count(i => gate.TryRequest(1000 + i * 10));
        gate.OnKeyFrame(1250); // the keyframe asked for at 1000 arrives after all 20 asked

        Assert.Equal(1, sent);
        Assert.False(gate.IsDeferred, "requests made while one was outstanding need no second keyframe");
        for (long t = 1250; t < 2000; t += 10) // until the cadence's first tick
        {
            Assert.Equal(KeyFrameRequestReason.None, gate.Poll(t));
        }
    }

    [Fact]
    public void TryRequest_AfterKeyFrameInsideInterval_DeferredThenSentOnceAtIntervalEnd()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        Assert.True(gate.TryRequest(1000));
        gate.OnKeyFrame(1100);

        // Ten subscribers join after that keyframe started: they missed it and need the next one.
        int sent = Enumerable.Range(0, 10).Count(i => gate.TryRequest(1150 + i * 30));

        Assert.Equal(0, sent);
        Assert.True(gate.IsDeferred);
        Assert.Equal(KeyFrameRequestReason.None, gate.Poll(1499));
        Assert.Equal(KeyFrameRequestReason.Deferred, gate.Poll(1500));
        Assert.False(gate.IsDeferred);
        Assert.Equal(KeyFrameRequestReason.None, gate.Poll(1501));
    }

    [Fact]
    public void JoinWave_TwentySubscribersOverTwoSeconds_OneRequestPerIntervalAndEveryoneServed()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        long[] joins = Enumerable.Range(0, 20).Select(i => 5000L + i * 100).ToArray(); // 20 joins within 2 s
        var requests = new List<long>();
        long? keyFrameDue = null;
        long lastKeyFrame = long.MinValue;
        int next = 0;
        for (long t = 4000; t <= 9000; t++)
        {
            if (keyFrameDue == t)
            {
                gate.OnKeyFrame(t);
                lastKeyFrame = t;
                keyFrameDue = null;
            }

            bool send = false;
            while (next < joins.Length && joins[next] == t)
            {
                send |= gate.TryRequest(t);
                next++;
            }

            send |= gate.Poll(t) != KeyFrameRequestReason.None;
            if (send)
            {
                requests.Add(t);
                keyFrameDue ??= t + 150; // a round trip plus an encode
            }
        }

        Assert.All(requests.Zip(requests.Skip(1)), p => Assert.True(p.Second - p.First >= 500, $"requests at {p.First} and {p.Second}"));
        Assert.InRange(requests.Count(t => t is >= 5000 and < 7600), 1, 5); // at most one per 500 ms across the wave
        Assert.True(lastKeyFrame > joins[^1], "the last subscriber to join got no keyframe after joining");
    }

    [Fact]
    public void Poll_NoKeyFramesAndNoRequests_CadenceAsksEveryTwoSeconds()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        var cadence = new List<long>();
        for (long t = 0; t <= 10_200; t += 33) // a packet every 33 ms drives the gate
        {
            if (gate.Poll(t) == KeyFrameRequestReason.Cadence)
            {
                cadence.Add(t);
            }
        }

        Assert.Equal([2013, 4026, 6006, 8019, 10_032], cadence); // the first packet at or after each 2 s tick

    }

    [Fact]
    public void Poll_KeyFramesArriveAtAnyTime_CadenceTicksDoNotMove()
    {
        // Keyframe arrival times depend on the publisher's encoder and on load; the ticks must not, so that nothing
        // observers change (load included) moves what the publisher counts.
        var early = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        var late = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        var earlyTicks = new List<long>();
        var lateTicks = new List<long>();
        for (long t = 0; t <= 10_000; t += 10)
        {
            if (early.Poll(t) == KeyFrameRequestReason.Cadence)
            {
                earlyTicks.Add(t);
                early.OnKeyFrame(t + 40);
            }

            if (late.Poll(t) == KeyFrameRequestReason.Cadence)
            {
                lateTicks.Add(t);
                late.OnKeyFrame(t + 900);
            }

            if (t % 1500 == 0)
            {
                early.OnKeyFrame(t); // keyframes the publisher sends on its own
            }
        }

        Assert.Equal([2000, 4000, 6000, 8000, 10_000], earlyTicks);
        Assert.Equal(earlyTicks, lateTicks);
    }

    [Fact]
    public void Poll_VisibleRequestJustBeforeATick_TickSkippedNextTickOnTime()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        Assert.True(gate.TryRequest(1800)); // a host joined

        Assert.Equal(KeyFrameRequestReason.None, gate.Poll(2000));
        Assert.Equal(KeyFrameRequestReason.None, gate.Poll(3999));
        Assert.Equal(KeyFrameRequestReason.Cadence, gate.Poll(4000));
    }

    [Fact]
    public void Poll_CadenceZero_NeverAsks()
    {
        var gate = new KeyFrameRequestGate(Interval, TimeSpan.Zero, Frequency, now: 0);

        Assert.All(Enumerable.Range(0, 100).Select(i => gate.Poll(i * 1000L)), r => Assert.Equal(KeyFrameRequestReason.None, r));
    }

    [Fact]
    public void TryRequest_OutstandingKeyFrameNeverCame_AskedAgainAfterInterval()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        Assert.True(gate.TryRequest(1000));

        Assert.False(gate.TryRequest(1499));
        Assert.True(gate.TryRequest(1500));
    }

    [Fact]
    public void TryRequest_ConcurrentCallers_OneSent()
    {
        var gate = new KeyFrameRequestGate(Interval, Cadence, Frequency, now: 0);
        int sent = 0;

        Parallel.For(0, 64, _ =>
        {
            if (gate.TryRequest(1000))
            {
                Interlocked.Increment(ref sent);
            }
        });

        Assert.Equal(1, sent);
    }
}
