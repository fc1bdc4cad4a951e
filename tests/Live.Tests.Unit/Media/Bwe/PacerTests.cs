using Live.Media.Bwe;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>The leaky-bucket pacer: spreading, priority, bounds, driven by timestamps only.</summary>
public sealed class PacerTests
{
    [Fact]
    public void Keyframe100KB_AtOneMbpsTimes2Point5_LeavesOverAbout320MsNotAsOneBurst()
    {
        var pacer = new Pacer(0);
        pacer.SetTargetBitrate(1_000_000);
        Assert.Equal(2_500_000, pacer.PacingRateBps);
        const int packets = 100_000 / 1000;
        for (int i = 0; i < packets; i++)
        {
            Assert.True(pacer.Enqueue(i, 1000, PacketClass.Video, 0));
        }

        var sendTimes = new List<long>();
        for (long t = 0; sendTimes.Count < packets && t < 2_000_000; t += 1_000)
        {
            while (pacer.TryDequeue(t, out _))
            {
                sendTimes.Add(t);
            }
        }

        Assert.Equal(packets, sendTimes.Count);
        // 800 kbit at 2.5 Mbit/s: 320 ms. At most one 5 ms interval's worth (12.5 kbit ≈ 2 packets) leaves at once.
        Assert.InRange(sendTimes[^1], 300_000, 340_000);
        Assert.True(sendTimes.Count(t => t < 5_000) <= 3, $"{sendTimes.Count(t => t < 5_000)} packets in the first 5 ms");
        Assert.True(sendTimes.GroupBy(t => t / 50_000).Max(g => g.Count()) <= 17, "some 50 ms carried more than the rate allows");
    }

    [Fact]
    public void AudioQueuedBehindVideo_LeavesFirstEvenWhenBudgetSpent()
    {
        var pacer = new Pacer(1_000_000);
        for (int i = 0; i < 10; i++)
        {
            pacer.Enqueue(i, 1200, PacketClass.Video, 0);
        }

        Assert.True(pacer.TryDequeue(10_000, out PacedPacket first));
        Assert.Equal(PacketClass.Video, first.Class);
        Assert.False(pacer.TryDequeue(10_000, out _)); // the budget is in debt now
        pacer.Enqueue(100, 120, PacketClass.Audio, 10_000);
        pacer.Enqueue(200, 1200, PacketClass.Retransmission, 10_000);

        Assert.True(pacer.TryDequeue(10_000, out PacedPacket audio));
        Assert.Equal(100, audio.Token);
        Assert.False(pacer.TryDequeue(10_000, out _));
        long next = pacer.NextSendTimeUs(10_000);
        Assert.True(next > 10_000);
        Assert.True(pacer.TryDequeue(next, out PacedPacket retransmission));
        Assert.Equal(200, retransmission.Token);
    }

    [Fact]
    public void FullQueue_DropsNewVideoAndEvictsVideoForAudio_Counted()
    {
        var pacer = new Pacer(1_000_000, maxQueueBytes: 10_000);
        int accepted = 0;
        for (int i = 0; i < 20; i++)
        {
            accepted += pacer.Enqueue(i, 1000, PacketClass.Video, 0) ? 1 : 0;
        }

        Assert.Equal(10, accepted);
        Assert.Equal(10, pacer.DroppedPackets(PacketClass.Video));
        Assert.Equal(10_000, pacer.QueuedBytes);

        Assert.True(pacer.Enqueue(99, 500, PacketClass.Audio, 0));
        Assert.Equal(11, pacer.DroppedPackets(PacketClass.Video)); // the newest video made room
        Assert.Equal(0, pacer.DroppedPackets(PacketClass.Audio));
        Assert.Equal(9_500, pacer.QueuedBytes);
        Assert.False(pacer.Enqueue(100, 20_000, PacketClass.Audio, 0)); // cannot fit at all
        Assert.Equal(1, pacer.DroppedPackets(PacketClass.Audio));
    }

    [Fact]
    public void PacketBound_PerClass_Enforced()
    {
        var pacer = new Pacer(1_000_000, maxQueueBytes: 1_000_000, maxQueuePackets: 4);
        for (int i = 0; i < 6; i++)
        {
            pacer.Enqueue(i, 100, PacketClass.Retransmission, 0);
        }

        Assert.Equal(4, pacer.QueuedPackets);
        Assert.Equal(2, pacer.DroppedPackets(PacketClass.Retransmission));
    }

    [Fact]
    public void IdleTime_DoesNotBuildABurst()
    {
        var pacer = new Pacer(2_000_000);
        pacer.NextSendTimeUs(0);
        for (int i = 0; i < 20; i++)
        {
            pacer.Enqueue(i, 1200, PacketClass.Video, 10_000_000);
        }

        int atOnce = 0;
        while (pacer.TryDequeue(10_000_000, out _))
        {
            atOnce++;
        }

        Assert.InRange(atOnce, 1, 2); // 10 s idle, yet only one 5 ms interval's budget (10 kbit)
        Assert.Equal(long.MaxValue, new Pacer(1_000_000).NextSendTimeUs(0));
    }

    [Fact]
    public void EnqueueAndDequeue_SteadyState_AllocateNothing()
    {
        var pacer = new Pacer(5_000_000);
        long t = 0;
        void Batch(int _)
        {
            for (int i = 0; i < 2000; i++)
            {
                pacer.Enqueue(i, 1200, (PacketClass)(i % 3), t);
                t += 2_000;
                while (pacer.TryDequeue(t, out PacedPacket _))
                {
                }
            }
        }

        Batch(0);
        Assert.Equal(0, SteadyStateAllocations.Least(Batch));
    }
}
