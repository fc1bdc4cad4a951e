using Live.Sessions;

namespace Live.Grains.Sessions;

/// <summary>A participant as the session grain keeps them.</summary>
[GenerateSerializer, Alias("Live.ParticipantRecord")]
public sealed class ParticipantRecord
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public Role Role { get; set; }
    [Id(3)] public Admission Admission { get; set; }
    [Id(4)] public bool Present { get; set; }
    [Id(5)] public Consent Consent { get; set; }
    [Id(6)] public DateTimeOffset JoinedAt { get; set; }
    /// <summary>The guest's latest connection check; hosts only.</summary>
    [Id(7)] public Live.Participants.ConnectionCheck? Check { get; set; }

    /// <summary>The customer's context from the shop's signed token; staff only.</summary>
    [Id(8)] public CustomerContext? Context { get; set; }

    public bool IsAdmitted => Admission == Admission.Admitted;

    public RosterEntry ToEntry() => new(Id, DisplayName, Role, Admission, Present, Consent);
}
