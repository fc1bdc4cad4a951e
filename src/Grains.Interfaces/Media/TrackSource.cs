namespace Live.Media;

/// <summary>What a published track carries. Every role but observer may publish each of them.</summary>
[GenerateSerializer, Alias("Live.TrackSource")]
public enum TrackSource
{
    Camera = 0,
    Microphone = 1,
    Screen = 2,
}
