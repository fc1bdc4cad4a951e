using Prometheus;

namespace Live.Media.Sfu;

/// <summary>Prometheus metrics of the recording tap: tracks being written, bytes on disk and write failures.</summary>
public static class RecordingMetrics
{
    private static readonly Gauge s_active = Metrics.CreateGauge("live_recordings_active", "Tracks being recorded (files open).");
    private static readonly Counter s_bytes = Metrics.CreateCounter("live_recording_bytes_total", "Bytes written to recording files.");
    private static readonly Counter s_errors = Metrics.CreateCounter("live_recording_write_errors_total", "Recording files or manifests that could not be written.");

    /// <summary>Tracks being recorded now, in this process.</summary>
    public static double ActiveTracks => s_active.Value;

    /// <summary>Bytes written to recording files since the process started.</summary>
    public static double BytesWritten => s_bytes.Value;

    /// <summary>Write failures since the process started.</summary>
    public static double WriteErrors => s_errors.Value;

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
}
