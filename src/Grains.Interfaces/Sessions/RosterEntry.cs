namespace Live.Sessions;

/// <summary>One person in a roster as a viewer may see them.</summary>
[GenerateSerializer, Immutable, Alias("Live.RosterEntry")]
public sealed record RosterEntry(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] Role Role,
    [property: Id(3)] Admission Admission,
    [property: Id(4)] bool Present,
    [property: Id(5)] Consent Consent);
