namespace Live.SfuLoad;

/// <summary>The counters read at the start and at the end of the measured window.</summary>
public sealed record WindowSample(WindowSample.Counters Start, WindowSample.Counters End)
{
    public double Seconds => ProcessSample.SecondsBetween(Start.Server, End.Server);

    /// <summary>Everything read at one instant of the window; per-subscriber packet and sequence totals.</summary>
    public sealed record Counters(ProcessSample Server, ProcessSample Client, long[] Received, long[] Expected,
        long UdpReceiveBufferErrors, double? AllocatedBytes, string LoadAverage)
    {
        public static Counters Take(IReadOnlyList<(Subscriber Subscriber, PeerTransport Transport)> subscribers, int serverPid, double? allocated)
        {
            var received = new long[subscribers.Count];
            var expected = new long[subscribers.Count];
            for (int i = 0; i < subscribers.Count; i++)
            {
                foreach (var stream in subscribers[i].Subscriber.Streams)
                {
                    received[i] += Volatile.Read(ref stream.Received);
                    expected[i] += Volatile.Read(ref stream.ExtendedHighest);
                }
            }

            return new Counters(ProcessSample.Of(serverPid), ProcessSample.Of(Environment.ProcessId), received, expected,
                HostSample.UdpReceiveBufferErrors(), allocated, HostSample.LoadAverage());
        }
    }
}
