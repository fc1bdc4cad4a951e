using Live.Grains.Infrastructure;
using Live.Sessions;

namespace Live.Grains.Sessions;

// The checks every facet shares. Each throws before anything is changed.
public sealed partial class SessionGrain
{
    private void RequireCreated()
    {
        if (!S.Created) throw Refuse("unknown-session", "There is no session with this id.");
    }

    private ParticipantRecord Participant(string participantId)
    {
        RequireCreated();
        if (string.IsNullOrEmpty(participantId) || !S.Participants.TryGetValue(participantId, out var p))
            throw Refuse("unknown-participant", "This participant has not joined the session.");
        return p;
    }

    /// <summary>An admitted participant of the session (not waiting, denied or removed).</summary>
    private ParticipantRecord Admitted(string participantId)
    {
        var p = Participant(participantId);
        if (!p.IsAdmitted)
            throw Refuse("not-admitted", p.Admission == Admission.Waiting ? "You are still waiting in the lobby." : "You are no longer in this session.");
        return p;
    }

    private ParticipantRecord RequireHost(string hostId)
    {
        var p = Admitted(hostId);
        if (p.Role != Role.Host) throw Refuse("not-host", "Only a host can do this.");
        return p;
    }

    private ParticipantRecord RequireStaff(string participantId)
    {
        var p = Admitted(participantId);
        if (!p.Role.IsStaff()) throw Refuse("not-staff", "Only hosts and observers can use the backroom.");
        return p;
    }

    private void RequireLive()
    {
        if (S.Phase != SessionPhase.Live)
            throw Refuse("wrong-phase", S.Phase == SessionPhase.Scheduled ? "The session has not started yet." : "The session has ended.");
    }

    private void RequireNotEnded()
    {
        if (S.Phase == SessionPhase.Ended) throw Refuse("wrong-phase", "The session has ended.");
    }

    private void RequireRate(string participantId, string action, double perSecond, double burst)
    {
        var key = $"{action}/{participantId}";
        if (!_buckets.TryGetValue(key, out var bucket)) _buckets[key] = bucket = new TokenBucket(perSecond, burst, clock);
        if (!bucket.TryTake()) throw Refuse("rate-limited", "Too many requests; slow down a little.");
    }

    private readonly Dictionary<string, TokenBucket> _buckets = [];

    private static SessionRuleException Refuse(string code, string message) => Refusals.Refuse(code, message);
}
