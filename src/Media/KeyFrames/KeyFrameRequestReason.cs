namespace Live.Media.KeyFrames;

/// <summary>Why <see cref="KeyFrameRequestGate.Poll"/> says a keyframe request is due.</summary>
public enum KeyFrameRequestReason
{
    /// <summary>Nothing is due.</summary>
    None,

    /// <summary>Requests arrived inside the last interval; one goes out for all of them now that it has passed.</summary>
    Deferred,

    /// <summary>A tick of the cadence's fixed clock: asked regardless of who subscribes.</summary>
    Cadence,
}
