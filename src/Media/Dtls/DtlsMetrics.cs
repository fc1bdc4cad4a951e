using Prometheus;

namespace Live.Media.Dtls;

/// <summary>Prometheus counters for the DTLS layer: handshake outcomes and datagrams the DTLS queue dropped.</summary>
internal static class DtlsMetrics
{
    private static readonly Counter s_handshakes = Metrics.CreateCounter(
        "live_dtls_handshakes_total", "DTLS-SRTP handshakes by outcome.",
        new CounterConfiguration { LabelNames = ["result"] });

    private static readonly Counter s_droppedDatagrams = Metrics.CreateCounter(
        "live_dtls_dropped_datagrams_total", "DTLS datagrams dropped: queue full, oversized, or after close.");

    public static void HandshakeFinished(DtlsHandshakeFailure result) => s_handshakes.WithLabels(result.ToString()).Inc();

    public static void DatagramDropped() => s_droppedDatagrams.Inc();
}
