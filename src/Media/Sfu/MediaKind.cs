namespace Live.Media.Sfu;

/// <summary>The SDP media kind of a producer or consumer (the m= line's media type).</summary>
public enum MediaKind
{
    /// <summary>m=audio.</summary>
    Audio,

    /// <summary>m=video.</summary>
    Video,
}
