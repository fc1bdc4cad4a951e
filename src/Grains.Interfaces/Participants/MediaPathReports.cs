namespace Live.Participants;

/// <summary>The rules for a page's report of its current media path (<see cref="IParticipantGrain.ReportMediaPathAsync"/>).</summary>
public static class MediaPathReports
{
    /// <summary>
    /// Path changes one participant may report per minute. A real path changes a handful of times in a session (a
    /// network switch, UDP blocked, a reconnection); the bound keeps a misbehaving page from flooding hosts with events.
    /// </summary>
    public const int PerMinute = 20;

    /// <summary>Whether <paramref name="path"/> is one a connected page can be on: udp, tcp or relay (not failed, not unknown).</summary>
    public static bool IsReportable(MediaPath path) => path is MediaPath.Udp or MediaPath.Tcp or MediaPath.Relay;
}
