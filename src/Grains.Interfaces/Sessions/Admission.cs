namespace Live.Sessions;

/// <summary>Where a participant stands with the lobby. Hosts and observers are admitted on joining.</summary>
[GenerateSerializer, Alias("Live.Admission")]
public enum Admission
{
    Waiting = 0,
    Admitted = 1,
    Denied = 2,
    Removed = 3,
}
