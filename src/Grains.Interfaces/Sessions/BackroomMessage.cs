namespace Live.Sessions;

/// <summary>A chat line or a note in the backroom, stamped with the session clock (ms since the session went live).</summary>
[GenerateSerializer, Immutable, Alias("Live.BackroomMessage")]
public sealed record BackroomMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string ParticipantId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Text,
    [property: Id(4)] long AtMs,
    [property: Id(5)] int? PromptIndex,
    [property: Id(6)] string? PromptText);
