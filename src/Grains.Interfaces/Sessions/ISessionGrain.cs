namespace Live.Sessions;

/// <summary>One live session (keyed by session id): owns lifecycle, roster and everything said and decided in it.</summary>
[Alias("Live.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Creates the session from a spec; refuses if it already exists.</summary>
    [Alias("Create")] Task<SessionSummary> CreateAsync(SessionSpec spec);

    /// <summary>The session's summary; throws <c>unknown-session</c> if it was never created.</summary>
    [Alias("GetSummary")] Task<SessionSummary> GetSummaryAsync();

    /// <summary>A full snapshot for one participant, filtered for their role.</summary>
    [Alias("GetView")] Task<SessionView> GetViewAsync(string participantId);

    /// <summary>A host takes the session live; the session clock starts.</summary>
    [Alias("GoLive")] Task GoLiveAsync(string hostId);

    /// <summary>Ends the session for good; <paramref name="hostId"/> is null when an integrator ends it through the API.</summary>
    [Alias("End")] Task<SessionSummary> EndAsync(string? hostId);

    /// <summary>Registers (or refreshes) a gateway's subscription to this session's events.</summary>
    [Alias("Subscribe")] Task SubscribeAsync(ISessionObserver observer);

    /// <summary>Removes a gateway's subscription.</summary>
    [Alias("Unsubscribe")] Task UnsubscribeAsync(ISessionObserver observer);

    /// <summary>Operators' diagnostic: which silo hosts this session's activation right now.</summary>
    [Alias("GetPlacement")] Task<GrainPlacement> GetPlacementAsync();
}
