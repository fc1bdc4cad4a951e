namespace Live.Media.Sfu;

/// <summary>What a published track carries; with the participant id it names the producer (<c>alice:Camera</c>).</summary>
public enum TrackSource
{
    /// <summary>A camera video track.</summary>
    Camera,

    /// <summary>A microphone audio track.</summary>
    Microphone,

    /// <summary>A screen-share video track.</summary>
    Screen,
}
