using Live.Grains.Infrastructure;
using Live.Sessions;

namespace Live.Grains.Sessions;

// What each participant may see. This is the one place that filters for roles.
public sealed partial class SessionGrain
{
    private SessionView ViewFor(ParticipantRecord viewer)
    {
        var view = new SessionView
        {
            SessionId = SessionId,
            Title = S.Title,
            Kind = S.Kind,
            Phase = S.Phase,
            Me = viewer.ToEntry(),
            ClockMs = ClockMs(),
            EventStream = _stream,
            EventSeq = _seq,
        };
        if (!viewer.IsAdmitted) return view;

        var staff = viewer.Role.IsStaff();
        var host = viewer.Role == Role.Host;
        return view with
        {
            Roster = staff ? StaffRoster() : PublicRoster(),
            Prompt = S.Prompt,
            Polls = S.Polls.Select(p => PollFor(p, viewer)).ToList(),
            Card = S.Card,
            Recording = RecordingView(forHosts: false),
            Guide = host ? S.Guide : null,
            ProductCards = host ? S.ProductCards : null,
            Chat = staff ? S.Chat.TakeLast(ViewHistory).ToList() : null,
            Notes = staff ? S.Notes.TakeLast(ViewHistory).ToList() : null,
            Messages = S.Messages.TakeLast(ViewHistory).ToList(),
            CardsOpened = staff ? S.CardsOpened.Values.ToList() : null,
            Reactions = staff ? new Dictionary<string, long>(S.Reactions) : null,
            Tracks = S.Tracks,
            MediaEpoch = MediaEpochFor(viewer),
            ObserversPresent = staff ? CountObserversPresent() : null,
            ConnectionChecks = host ? S.Participants.Values.Where(p => p.Check is not null && p.Role.IsGuest()).ToDictionary(p => p.Id, p => p.Check!) : null,
            MediaPaths = host ? ListedMediaPaths() : null,
            CustomerContexts = staff ? S.Participants.Values.Where(p => p.Context is not null && p.Role.IsGuest()).ToDictionary(p => p.Id, p => p.Context!) : null,
        };
    }

    /// <summary>How many chat lines, room messages and notes a snapshot carries; the rest stay in state for the recording timeline.</summary>
    private const int ViewHistory = 500;

    /// <summary>What guests may see: admitted hosts and guests, never observers nor the lobby.</summary>
    private List<RosterEntry> PublicRoster() => S.Participants.Values
        .Where(p => p.IsAdmitted && p.Role != Role.Observer)
        .OrderBy(p => p.JoinedAt).Select(p => p.ToEntry()).ToList();

    /// <summary>What staff see: hosts, guests in the session or the lobby, and the listed observers (the rest are a count).</summary>
    private List<RosterEntry> StaffRoster() => S.Participants.Values
        .Where(p => (p.Admission is Admission.Admitted or Admission.Waiting) && IsListed(p))
        .OrderBy(p => p.JoinedAt).Select(p => p.ToEntry()).ToList();

    /// <summary>
    /// Notes that a participant's roster entry changed. Changes go out on the publishing tick as deltas (only the
    /// changed entries), so a thousand people joining cost a thousand small entries, not a thousand full rosters each.
    /// </summary>
    private void RosterChanged(string participantId) => _rosterChanges.Add(participantId);

    private readonly HashSet<string> _rosterChanges = [];

    /// <summary>Who guests currently see in their roster, so that leaving it is announced to them too.</summary>
    private readonly HashSet<string> _publicIds = [];

    /// <summary>
    /// Sends the changed entries: to staff all but those of unlisted observers (they get the observer count instead);
    /// to everyone only those of hosts and guests who are or were in the public roster, and nothing at all when only
    /// observers changed, so a guest cannot even notice an observer.
    /// </summary>
    private void PublishRosterChanges()
    {
        if (_rosterChanges.Count == 0) return;
        // Counting everyone present is O(participants): once per tick, not once per join.
        UpdatePresenceGauges();
        var changed = _rosterChanges.Where(S.Participants.ContainsKey).Select(id => S.Participants[id]).OrderBy(p => p.JoinedAt).ToList();
        _rosterChanges.Clear();
        var staffChanges = changed.Where(IsListed).Select(p => p.ToEntry()).ToList();
        if (staffChanges.Count > 0) Publish(Audience.Staff, SessionEventTypes.StaffRoster, staffChanges);
        if (changed.Any(p => p.Role == Role.Observer)) PublishObserverCount();

        var publicChanges = new List<RosterEntry>();
        foreach (var p in changed.Where(p => p.Role != Role.Observer))
        {
            var visible = p.IsAdmitted;
            if (visible || _publicIds.Contains(p.Id)) publicChanges.Add(p.ToEntry());
            if (visible) _publicIds.Add(p.Id); else _publicIds.Remove(p.Id);
        }
        if (publicChanges.Count > 0) Publish(Audience.Everyone, SessionEventTypes.Roster, publicChanges);
    }

    private readonly Dictionary<Role, int> _presentCounted = [];

    private void UpdatePresenceGauges()
    {
        var present = new Dictionary<Role, int>();
        if (S.Phase != SessionPhase.Ended)
            foreach (var p in S.Participants.Values)
                if (p.Present && p.IsAdmitted) present[p.Role] = present.GetValueOrDefault(p.Role) + 1;
        foreach (var role in Enum.GetValues<Role>())
        {
            var now = present.GetValueOrDefault(role);
            var delta = now - _presentCounted.GetValueOrDefault(role);
            if (delta != 0) SessionMetrics.ParticipantsPresent.WithLabels(SessionMetrics.Label(role)).Inc(delta);
            _presentCounted[role] = now;
        }
    }

    private void ClearPresenceGauges()
    {
        foreach (var (role, counted) in _presentCounted)
            SessionMetrics.ParticipantsPresent.WithLabels(SessionMetrics.Label(role)).Dec(counted);
        _presentCounted.Clear();
    }
}
