namespace Live.Sessions;

/// <summary>Lifecycle of a session: it only moves forward, scheduled → live → ended.</summary>
[GenerateSerializer, Alias("Live.SessionPhase")]
public enum SessionPhase
{
    Scheduled = 0,
    Live = 1,
    Ended = 2,
}
