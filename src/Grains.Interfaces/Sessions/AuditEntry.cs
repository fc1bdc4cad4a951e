namespace Live.Sessions;

/// <summary>
/// One line of a session's audit trail: who did what to whom, on the session clock (<see cref="AtMs"/>, null before
/// the session went live) and the wall clock (<see cref="At"/>). An action taken with the API key has no actor id and
/// the actor name <see cref="ApiKeyActor"/>. Hosts and integrators read it; guests and observers never do.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] AuditAction Action,
    [property: Id(2)] string? ActorId,
    [property: Id(3)] string ActorName,
    [property: Id(4)] Role? ActorRole,
    [property: Id(5)] string? SubjectId,
    [property: Id(6)] string? SubjectName,
    [property: Id(7)] Role? SubjectRole,
    [property: Id(8)] string? Detail,
    [property: Id(9)] long? AtMs,
    [property: Id(10)] DateTimeOffset At)
{
    /// <summary>The actor name of an action taken with the API key (an integrator or an operator, not a person in the session).</summary>
    public const string ApiKeyActor = "API key";
}

/// <summary>What an audit entry records.</summary>
[GenerateSerializer, Alias("Live.AuditAction")]
public enum AuditAction
{
    Admitted,
    Denied,
    Removed,
    InviteMinted,
    RecordingStarted,
    RecordingPaused,
    RecordingResumed,
    RecordingStopped,
    RecordingDownloaded,
    SessionEnded,
}
