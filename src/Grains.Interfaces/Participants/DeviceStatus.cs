namespace Live.Participants;

/// <summary>What a connection check found for a camera or microphone.</summary>
[GenerateSerializer, Alias("Live.DeviceStatus")]
public enum DeviceStatus
{
    /// <summary>Not checked (the page could not ask).</summary>
    Unknown = 0,
    /// <summary>Present and allowed.</summary>
    Ok = 1,
    /// <summary>The person or the browser refused access.</summary>
    Denied = 2,
    /// <summary>No such device.</summary>
    Missing = 3,
}
