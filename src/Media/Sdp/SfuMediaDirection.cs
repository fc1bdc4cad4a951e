namespace Live.Media.Sdp;

/// <summary>What the SFU wants to do with one offered media section, from the SFU's point of view.</summary>
public enum SfuMediaDirection
{
    /// <summary>Neither receive nor send.</summary>
    Inactive,

    /// <summary>Receive the participant's media (the participant publishes).</summary>
    Receive,

    /// <summary>Send media to the participant (the participant subscribes).</summary>
    Send,

    /// <summary>Both.</summary>
    SendReceive,
}
