using Live.Sessions;

namespace Live.Gateway.Fanout;

/// <summary>
/// SignalR group names: one group per session, audience and sending lane (<see cref="FanoutLanes"/>), so each lane
/// sends an event to its own share of the room. Guests never join the staff or host groups.
/// </summary>
public static class SessionGroups
{
    public static string Everyone(string sessionId, int lane) => $"{sessionId}:everyone:{lane}";
    public static string Staff(string sessionId, int lane) => $"{sessionId}:staff:{lane}";
    public static string Hosts(string sessionId, int lane) => $"{sessionId}:hosts:{lane}";

    /// <summary>The groups an admitted participant with this role belongs to.</summary>
    public static IEnumerable<string> For(string sessionId, Role role, int lane)
    {
        yield return Everyone(sessionId, lane);
        if (role.IsStaff()) yield return Staff(sessionId, lane);
        if (role == Role.Host) yield return Hosts(sessionId, lane);
    }

    /// <summary>Every group of a session in a lane, to leave them all on removal.</summary>
    public static IEnumerable<string> All(string sessionId, int lane) => [Everyone(sessionId, lane), Staff(sessionId, lane), Hosts(sessionId, lane)];
}
