namespace Live.Grains.Media;

/// <summary>Where observers' media is served (section <c>Live:Media</c>, shared with the silo's SFU options).</summary>
public sealed class MediaRoutingOptions
{
    public const string Section = "Live:Media";

    /// <summary>
    /// Observers the session's own router (on its origin silo) serves before further observers go to edge routers on
    /// other active silos, fed by one pipe per track. 0 sends every observer to an edge whenever another silo is active.
    /// Publishers, hosts and respondents always stay on the origin.
    /// </summary>
    public int ObserversPerRouter { get; set; } = 50;
}
