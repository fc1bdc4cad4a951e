using Live.Sessions;

namespace Live.Grains.Directory;

/// <summary>Summaries of every session, by id.</summary>
[GenerateSerializer, Alias("Live.SessionDirectoryState")]
public sealed class SessionDirectoryState
{
    [Id(0)] public Dictionary<string, SessionSummary> Sessions { get; set; } = [];
}
