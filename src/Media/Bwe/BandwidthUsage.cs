namespace Live.Media.Bwe;

/// <summary>The over-use detector's signal (draft-ietf-rmcat-gcc-02 §5.4): is the bottleneck queue growing, steady or draining.</summary>
public enum BandwidthUsage : byte
{
    /// <summary>Queuing delay is neither growing nor shrinking beyond the threshold.</summary>
    Normal = 0,

    /// <summary>Queuing delay grows: the sender exceeds the path's capacity.</summary>
    Overusing = 1,

    /// <summary>Queuing delay shrinks: a queue built earlier is draining.</summary>
    Underusing = 2,
}
