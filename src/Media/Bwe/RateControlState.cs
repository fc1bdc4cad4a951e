namespace Live.Media.Bwe;

/// <summary>The state of the delay-based rate controller's finite state machine (draft-ietf-rmcat-gcc-02 §5.5, Figure 2).</summary>
public enum RateControlState : byte
{
    /// <summary>Keep the estimate: a queue is draining, or a decrease just happened.</summary>
    Hold = 0,

    /// <summary>Raise the estimate, multiplicatively far from convergence, additively near it.</summary>
    Increase = 1,

    /// <summary>Lower the estimate to a fraction of the received rate.</summary>
    Decrease = 2,
}
