using Prometheus;

namespace Live.Media.Sfu;

/// <summary>
/// Prometheus metrics of the recording tap: tracks being written, bytes on disk, write failures, and packets dropped
/// because a track's writer fell a whole queue behind (a slow or stalled recordings volume).
/// </summary>
public static class RecordingMetrics
{
    private static readonly Gauge s_active = Metrics.CreateGauge("live_recordings_active", "Tracks being recorded (files open).");
    private static readonly Counter s_bytes = Metrics.CreateCounter("live_recording_bytes_total", "Bytes written to recording files.");
    private static readonly Counter s_errors = Metrics.CreateCounter("live_recording_write_errors_total", "Recording files or manifests that could not be written.");
    private static readonly Counter s_dropped = Metrics.CreateCounter(
        "live_recording_dropped_packets_total", "RTP packets not recorded because the track's write queue was full (the disk is too slow); forwarding is unaffected.");

    /// <summary>Tracks being recorded now, in this process.</summary>
    public static double ActiveTracks => s_active.Value;

    /// <summary>Bytes written to recording files since the process started.</summary>
    public static double BytesWritten => s_bytes.Value;

    /// <summary>Write failures since the process started.</summary>
    public static double WriteErrors => s_errors.Value;

    /// <summary>Packets dropped from recordings since the process started.</summary>
    public static double DroppedPackets => s_dropped.Value;

    /// <summary>Publishes the recording series at zero (see <see cref="Live.Media.MediaMetrics"/>).</summary>
    internal static void Publish() => s_active.Publish();

    internal static void TrackStarted() => s_active.Inc();

    internal static void TrackEnded() => s_active.Dec();

    internal static void Written(long bytes)
    {
        if (bytes > 0)
        {
            s_bytes.Inc(bytes);
        }
    }

    internal static void WriteFailed() => s_errors.Inc();

    internal static void PacketDropped() => s_dropped.Inc();
}
