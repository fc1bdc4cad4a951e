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
            Reactions = staff ? new Dictionary<string, long>(S.Reactions) : null,
            Tracks = S.Tracks,
        };
    }

    /// <summary>How many chat lines and notes a snapshot carries; the rest stay in state for the recording timeline.</summary>
    private const int ViewHistory = 500;

    /// <summary>What guests may see: admitted hosts and guests, never observers nor the lobby.</summary>
    private List<RosterEntry> PublicRoster() => S.Participants.Values
        .Where(p => p.IsAdmitted && p.Role != Role.Observer)
        .OrderBy(p => p.JoinedAt).Select(p => p.ToEntry()).ToList();

    private List<RosterEntry> StaffRoster() => S.Participants.Values
        .Where(p => p.Admission is Admission.Admitted or Admission.Waiting)
        .OrderBy(p => p.JoinedAt).Select(p => p.ToEntry()).ToList();

    /// <summary>
    /// Announces roster changes. The public roster goes out only when it actually changed, so that an observer
    /// joining or leaving does not even cause an empty update that a guest could notice.
    /// </summary>
    private void RosterChanged()
    {
        UpdatePresenceGauges();
        Publish(Audience.Staff, SessionEventTypes.StaffRoster, StaffRoster());
        var publicRoster = PublicRoster();
        if (_lastPublicRoster is null || !_lastPublicRoster.SequenceEqual(publicRoster))
        {
            _lastPublicRoster = publicRoster;
            Publish(Audience.Everyone, SessionEventTypes.Roster, publicRoster);
        }
    }

    private List<RosterEntry>? _lastPublicRoster;

    private readonly Dictionary<Role, int> _presentCounted = [];

    private void UpdatePresenceGauges()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var now = S.Phase == SessionPhase.Ended ? 0 : S.Participants.Values.Count(p => p.Role == role && p.Present && p.IsAdmitted);
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
