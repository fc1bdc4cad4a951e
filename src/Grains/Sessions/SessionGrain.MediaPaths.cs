using Live.Grains.Infrastructure;
using Live.Participants;
using Live.Sessions;

namespace Live.Grains.Sessions;

// Which path each participant's media takes now (udp, tcp, relay), for hosts. Live state, not durable: a page reports
// its path again on every new media connection, including after this grain moves to another silo.
public sealed partial class SessionGrain
{
    private readonly Dictionary<string, MediaPath> _mediaPaths = [];

    public Task SetMediaPathAsync(string participantId, MediaPath path)
    {
        if (!MediaPathReports.IsReportable(path)) throw Input.Invalid("A media path is udp, tcp or relay.");
        var p = Admitted(participantId);
        if (!p.Present) return Task.CompletedTask; // a late report from a page that has left since
        if (_mediaPaths.TryGetValue(p.Id, out var known) && known == path) return Task.CompletedTask;
        _mediaPaths[p.Id] = path;
        // Hosts only, and only for people in their roster: observers beyond the listed ones are a count, and every
        // observer is staff, so a staff-wide event per observer would cost observers squared.
        if (IsListed(p)) Publish(Audience.Hosts, SessionEventTypes.MediaPath, new MediaPathNotice(p.Id, path));
        return Task.CompletedTask;
    }

    /// <summary>The paths of the participants present and listed in hosts' rosters, for hosts' snapshots.</summary>
    private Dictionary<string, MediaPath> ListedMediaPaths() =>
        _mediaPaths.Where(e => S.Participants.TryGetValue(e.Key, out var p) && p.Present && IsListed(p)).ToDictionary(e => e.Key, e => e.Value);

    /// <summary>A participant left: their path is no longer theirs to show (they report a new one when they come back).</summary>
    private void ForgetMediaPath(string participantId) => _mediaPaths.Remove(participantId);
}
