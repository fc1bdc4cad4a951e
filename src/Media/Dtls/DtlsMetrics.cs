using Prometheus;

namespace Live.Media.Dtls;

/// <summary>Prometheus counters for the DTLS layer: handshake outcomes and datagrams the DTLS queue dropped.</summary>
internal static class DtlsMetrics
{
    /// <summary>The <c>result</c> label of a handshake that produced keys.</summary>
    public const string SuccessLabel = "success";

    private static readonly Counter s_handshakes = Metrics.CreateCounter(
        "live_dtls_handshakes_total", "DTLS-SRTP handshakes by outcome: success, or why it failed.",
        new CounterConfiguration { LabelNames = ["result"] });

    private static readonly Counter s_droppedDatagrams = Metrics.CreateCounter(
        "live_dtls_dropped_datagrams_total", "DTLS datagrams dropped: queue full, oversized, or after close.");

    // Resolved once: a label per outcome, so finishing a handshake looks nothing up and formats nothing.
    private static readonly Counter.Child[] s_handshakesByResult =
        Enum.GetValues<DtlsHandshakeFailure>().Select(r => s_handshakes.WithLabels(ToLabel(r))).ToArray();

    /// <summary>
    /// The <c>result</c> label: <see cref="SuccessLabel"/> for <see cref="DtlsHandshakeFailure.None"/> ("no failure"
    /// read as a label looked like a failure called None), otherwise the failure's name, as dashboards and alerts know
    /// them (<c>Timeout</c>, <c>FingerprintMismatch</c>, …).
    /// </summary>
    public static string ToLabel(DtlsHandshakeFailure result) =>
        result == DtlsHandshakeFailure.None ? SuccessLabel : result.ToString();

    /// <summary>Handshakes that ended with <paramref name="result"/> since the process started (tests read it).</summary>
    public static double HandshakesFinished(DtlsHandshakeFailure result) => s_handshakesByResult[(int)result].Value;

    /// <summary>Publishes the DTLS series at zero, every result included (see <see cref="Live.Media.MediaMetrics"/>).</summary>
    public static void Publish() => s_droppedDatagrams.Publish();

    public static void HandshakeFinished(DtlsHandshakeFailure result) => s_handshakesByResult[(int)result].Inc();

    public static void DatagramDropped() => s_droppedDatagrams.Inc();
}
