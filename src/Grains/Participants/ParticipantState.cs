using Live.Participants;
using Live.Sessions;

namespace Live.Grains.Participants;

/// <summary>A participant's identity, the gateway connections they have open, and their latest connection check.</summary>
[GenerateSerializer, Alias("Live.ParticipantState")]
public sealed class ParticipantState
{
    [Id(0)] public ParticipantIdentity? Identity { get; set; }
    [Id(1)] public HashSet<string> Connections { get; set; } = [];
    [Id(2)] public ConnectionCheck? Check { get; set; }
}
