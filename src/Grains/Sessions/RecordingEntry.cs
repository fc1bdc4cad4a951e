namespace Live.Grains.Sessions;

/// <summary>One recording of a session: its id (the folder its files are in) and when it started and stopped on the session clock.</summary>
[GenerateSerializer, Alias("Live.RecordingEntry")]
public sealed class RecordingEntry
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public long StartedAtMs { get; set; }
    [Id(2)] public long? StoppedAtMs { get; set; }
}
