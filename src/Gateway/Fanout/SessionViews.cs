using Live.Sessions;

namespace Live.Gateway.Fanout;

/// <summary>Reads a participant's view of a session: what the fan-out sends a browser when it must start again.</summary>
public interface ISessionViews
{
    Task<SessionView> GetViewAsync(string sessionId, string participantId);
}

/// <summary>The session grain's view, through this gateway's Orleans client.</summary>
public sealed class GrainSessionViews(IGrainFactory grains) : ISessionViews
{
    public Task<SessionView> GetViewAsync(string sessionId, string participantId) =>
        grains.GetGrain<ISessionGrain>(sessionId).GetViewAsync(participantId);
}
