using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>Runs ffmpeg/ffprobe, the independent judges of the files the recorder writes.</summary>
internal static class MediaTools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static (int ExitCode, string StdOut, string StdErr) Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)
            ?? throw new InvalidOperationException($"{tool} could not start; install ffmpeg to run the recording tests.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in {Timeout}.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static void Generate(params string[] args)
    {
        (int exit, _, string err) = Run("ffmpeg", ["-v", "error", "-y", .. args]);
        Assert.True(exit == 0, $"ffmpeg failed: {err}");
    }

    /// <summary>ffprobe -show_streams -show_format as JSON text.</summary>
    public static string ProbeJson(string file)
    {
        (int exit, string json, string err) = Run("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", file);
        Assert.True(exit == 0, $"ffprobe failed on {file}: {err}");
        Assert.Equal("", err);
        return json;
    }

    public static ProbeResult Probe(string file)
    {
        using JsonDocument doc = JsonDocument.Parse(ProbeJson(file));
        JsonElement stream = doc.RootElement.GetProperty("streams")[0];
        JsonElement format = doc.RootElement.GetProperty("format");
        return new ProbeResult(
            stream.GetProperty("codec_name").GetString()!,
            stream.TryGetProperty("width", out JsonElement w) ? w.GetInt32() : 0,
            stream.TryGetProperty("height", out JsonElement h) ? h.GetInt32() : 0,
            stream.TryGetProperty("sample_rate", out JsonElement rate) ? int.Parse(rate.GetString()!, CultureInfo.InvariantCulture) : 0,
            stream.TryGetProperty("channels", out JsonElement ch) ? ch.GetInt32() : 0,
            format.TryGetProperty("duration", out JsonElement d) ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture) : null,
            doc.RootElement.GetProperty("streams").GetArrayLength());
    }

    /// <summary>Decodes the whole file and returns what ffmpeg reports at level "error" (empty when clean).</summary>
    public static string DecodeErrors(string file)
    {
        (int exit, _, string err) = Run("ffmpeg", "-v", "error", "-i", file, "-f", "null", "-");
        return exit == 0 ? err : $"exit {exit}: {err}";
    }

    /// <summary>Frames ffprobe decodes from the first stream.</summary>
    public static int CountDecodedFrames(string file)
    {
        (int exit, string output, string err) = Run(
            "ffprobe", "-v", "error", "-count_frames", "-select_streams", "0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file);
        Assert.True(exit == 0, $"ffprobe -count_frames failed: {err}");
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The presentation time of the first video frame decoded after seeking to <paramref name="seconds"/>.</summary>
    public static double FirstFrameAfterSeek(string file, double seconds)
    {
        (int exit, string output, string err) = Run(
            "ffprobe", "-v", "error", "-read_intervals", $"{seconds.ToString(CultureInfo.InvariantCulture)}%+#1",
            "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", file);
        Assert.True(exit == 0 && err.Length == 0, $"ffprobe seek failed: {err}");
        return double.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd(','), CultureInfo.InvariantCulture);
    }

    internal sealed record ProbeResult(string CodecName, int Width, int Height, int SampleRate, int Channels, double? DurationSeconds, int StreamCount);
}
