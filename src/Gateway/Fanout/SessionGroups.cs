using Live.Sessions;

namespace Live.Gateway.Fanout;

/// <summary>SignalR group names: one group per session and audience. Guests never join the staff or host groups.</summary>
public static class SessionGroups
{
    public static string Everyone(string sessionId) => $"{sessionId}:everyone";
    public static string Staff(string sessionId) => $"{sessionId}:staff";
    public static string Hosts(string sessionId) => $"{sessionId}:hosts";

    /// <summary>The groups an admitted participant with this role belongs to.</summary>
    public static IEnumerable<string> For(string sessionId, Role role)
    {
        yield return Everyone(sessionId);
        if (role.IsStaff()) yield return Staff(sessionId);
        if (role == Role.Host) yield return Hosts(sessionId);
    }

    /// <summary>Every group of a session, to leave them all on removal.</summary>
    public static IEnumerable<string> All(string sessionId) => [Everyone(sessionId), Staff(sessionId), Hosts(sessionId)];
}
