using Live.Participants;

namespace Live.Sessions;

/// <summary>The <c>connectionCheck</c> event's data, for hosts: whose check and what it found.</summary>
[GenerateSerializer, Immutable, Alias("Live.ConnectionCheckNotice")]
public sealed record ConnectionCheckNotice([property: Id(0)] string ParticipantId, [property: Id(1)] ConnectionCheck Check);
