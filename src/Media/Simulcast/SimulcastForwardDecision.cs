namespace Live.Media.Simulcast;

/// <summary>What a consumer does with one packet of one simulcast layer (<see cref="SimulcastLayerSelector.OnPacket"/>).</summary>
public enum SimulcastForwardDecision
{
    /// <summary>Not the layer being forwarded (or not yet a place to switch to it): not sent.</summary>
    Drop,

    /// <summary>A packet of the layer being forwarded: sent with the current rewrite.</summary>
    Forward,

    /// <summary>
    /// The first packet of a keyframe of the layer the consumer switches to (or starts on): the rewrite starts a new
    /// epoch here so that the subscriber's stream continues without a gap, then the packet is sent.
    /// </summary>
    Switch,
}
