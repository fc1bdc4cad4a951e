namespace Live.Tests.E2E.Media.Impairment;

/// <summary>What happened to the datagrams of one direction so far (a snapshot).</summary>
/// <param name="Received">Datagrams the relay read.</param>
/// <param name="Forwarded">Datagrams sent on.</param>
/// <param name="ForwardedBytes">Bytes sent on.</param>
/// <param name="DroppedLoss">Dropped by the random loss.</param>
/// <param name="DroppedQueueFull">Dropped because the rate-limit queue was full.</param>
/// <param name="DroppedOther">Dropped for any other reason: a stranger's datagram, no browser address yet, a full delay line.</param>
public readonly record struct RelayCounters(long Received, long Forwarded, long ForwardedBytes, long DroppedLoss, long DroppedQueueFull, long DroppedOther)
{
    /// <summary>All drops.</summary>
    public long Dropped => DroppedLoss + DroppedQueueFull + DroppedOther;
}
