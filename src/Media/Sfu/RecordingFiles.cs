using System.Text;

namespace Live.Media.Sfu;

/// <summary>
/// Where a recording's files go: <c>{root}/{sessionId}/{recordingId}/</c>, with one <c>{participantId}-{source}.webm</c>
/// per track, <c>tracks.json</c> and <c>timeline.json</c>. Ids come from the control plane, so each becomes a single
/// safe path segment (no separators, no "..").
/// </summary>
public static class RecordingFiles
{
    /// <summary>The manifest of the track files (the recording report as JSON).</summary>
    public const string ManifestName = "tracks.json";

    /// <summary>The session timeline the control plane writes (docs/recording.md).</summary>
    public const string TimelineName = "timeline.json";

    /// <summary>The folder of one recording.</summary>
    public static string RecordingDirectory(string root, string sessionId, string recordingId) =>
        Path.Combine(Path.GetFullPath(root), SafeSegment(sessionId), SafeSegment(recordingId));

    /// <summary>The file name of the <paramref name="ordinal"/>-th file (1-based) of a producer in one recording.</summary>
    public static string TrackFileName(string participantId, TrackSource source, int ordinal) =>
        $"{SafeSegment(participantId)}-{source.ToString().ToLowerInvariant()}{(ordinal > 1 ? $"-{ordinal}" : "")}.webm";

    /// <summary>Keeps letters, digits, '-', '_' and '.'; replaces anything else with '_'; never "", "." or "..".</summary>
    public static string SafeSegment(string id)
    {
        var builder = new StringBuilder(id.Length);
        foreach (char c in id)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        string segment = builder.ToString();
        return segment.Trim('.').Length == 0 ? $"_{segment}" : segment;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file, so readers never see half of it.</summary>
    public static void WriteAtomically(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text); // UTF-8 without a BOM
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes the session timeline into the recording's folder, creating it. Throws on I/O errors.</summary>
    public static string WriteTimeline(string root, string sessionId, string recordingId, string timelineJson)
    {
        string directory = RecordingDirectory(root, sessionId, recordingId);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, TimelineName);
        WriteAtomically(path, timelineJson);
        return path;
    }
}
