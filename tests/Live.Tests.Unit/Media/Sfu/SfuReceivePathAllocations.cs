using System.Net;
using Live.Media.Sfu;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>How the SFU tests measure what the receive path allocates per datagram.</summary>
internal static class SfuReceivePathAllocations
{
    /// <summary>
    /// Feeds the first <paramref name="warmUp"/> datagrams to <paramref name="server"/>'s receive path as if from
    /// <paramref name="from"/>, then the rest in <see cref="SteadyStateAllocations.Batches"/> batches, and returns the
    /// least any batch allocated. Calls the receive path directly on the test's thread (its own scratch buffer); the
    /// test's peers must be idle, so the router's lane is free and each packet runs on this thread, where it is counted.
    /// </summary>
    public static long Measure(SfuServer server, SocketAddress from, IReadOnlyList<byte[]> datagrams, int warmUp)
    {
        for (int i = 0; i < warmUp; i++)
        {
            server.OnDatagram(datagrams[i], from);
        }

        int perBatch = (datagrams.Count - warmUp) / SteadyStateAllocations.Batches;
        return SteadyStateAllocations.Least(batch =>
        {
            for (int i = warmUp + batch * perBatch; i < warmUp + (batch + 1) * perBatch; i++)
            {
                server.OnDatagram(datagrams[i], from);
            }
        });
    }
}
