using Live.Media.Dtls;
using Live.Media.Sfu;

namespace Live.Media;

/// <summary>
/// Publishes the media layer's metrics at zero when a silo starts, instead of at the first packet, handshake or
/// recording: a dashboard panel shows 0 rather than "no data" on a quiet silo, and an alert on <c>increase()</c> sees
/// the first drop or failure (a series that starts at 1 has no increase). prometheus-net publishes a series when it is
/// created, which for these static classes is when one of their fields is first read.
/// </summary>
public static class MediaMetrics
{
    public static void Publish()
    {
        SfuMetrics.Publish();
        RecordingMetrics.Publish();
        DtlsMetrics.Publish();
        DtlsHandshakePool.PublishMetrics();
    }
}
