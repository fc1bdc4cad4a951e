using Live.Sessions;

namespace Live.Grains.Participants;

/// <summary>A participant's identity and the gateway connections they have open.</summary>
[GenerateSerializer, Alias("Live.ParticipantState")]
public sealed class ParticipantState
{
    [Id(0)] public ParticipantIdentity? Identity { get; set; }
    [Id(1)] public HashSet<string> Connections { get; set; } = [];
}
