using Live.Sessions;

namespace Live.Grains.Sessions;

// Which observers staff see by name, and how many are watching. A room of 10,000 observers must not cost every
// join a roster entry to every staff member, so only the first few are listed and the rest are a count.
public sealed partial class SessionGrain
{
    /// <summary>The first <see cref="SessionLimits.ListedObservers"/> observers to join; derived from state, so it survives reactivation.</summary>
    private readonly HashSet<string> _listedObservers = [];

    /// <summary>The count staff were last told (or would find in a snapshot taken at activation).</summary>
    private int _observersPublished;

    private void LoadObserverListing()
    {
        // OrderBy is stable, so observers with equal join times keep the order they were stored in.
        foreach (var p in S.Participants.Values.Where(p => p.Role == Role.Observer).OrderBy(p => p.JoinedAt).Take(SessionLimits.ListedObservers))
            _listedObservers.Add(p.Id);
        _observersPublished = CountObserversPresent();
    }

    /// <summary>Called once for every new participant; an observer is listed while fewer than the cap are.</summary>
    private void ListIfRoom(ParticipantRecord joined)
    {
        if (joined.Role == Role.Observer && _listedObservers.Count < SessionLimits.ListedObservers) _listedObservers.Add(joined.Id);
    }

    private bool IsListed(ParticipantRecord p) => p.Role != Role.Observer || _listedObservers.Contains(p.Id);

    private int CountObserversPresent() => S.Participants.Values.Count(p => p.Role == Role.Observer && p.Present && p.IsAdmitted);

    /// <summary>Tells staff the observer count when it changed; called on the publishing tick, so at most ten times a second.</summary>
    private void PublishObserverCount()
    {
        var present = CountObserversPresent();
        if (present == _observersPublished) return;
        _observersPublished = present;
        Publish(Audience.Staff, SessionEventTypes.Observers, new ObserverCount(present));
    }
}
