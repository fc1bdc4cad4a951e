namespace Live.Sessions;

/// <summary>Recording state every participant sees as an indicator.</summary>
[GenerateSerializer, Alias("Live.RecordingStatus")]
public enum RecordingStatus
{
    Off = 0,
    Recording = 1,
    Paused = 2,
    Stopped = 3,
}

/// <summary>A guest's answer to the recording consent question.</summary>
[GenerateSerializer, Alias("Live.Consent")]
public enum Consent
{
    NotAsked = 0,
    Asked = 1,
    Given = 2,
    Declined = 3,
}
