using Live.Gateway.Auth;
using Live.Gateway.Fanout;
using Live.Gateway.Presence;
using Live.Gateway.Turn;
using Live.Participants;
using Live.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Live.Gateway.Hubs;

/// <summary>
/// The browsers' only door (<c>/hubs/session</c>). A connection is one participant of one session, named by its join
/// token; each method is a thin call to one grain method with that participant's id. Rules live in the grains.
/// </summary>
[Authorize(AuthenticationSchemes = JoinTokenAuthentication.Scheme)]
public sealed partial class SessionHub(
    IGrainFactory grains, SessionFanout fanout, ConnectionRegistry registry, GatewayLease lease, TurnCredentials turn, CustomerContextTokens customerContexts,
    TimeProvider clock)
    : Hub<ISessionClient>
{
    private ParticipantIdentity Me => (ParticipantIdentity)Context.Items[nameof(ParticipantIdentity)]!;
    private string SessionId => Me.SessionId;
    private string MyId => Me.ParticipantId;

    public override async Task OnConnectedAsync()
    {
        if (Context.User is null || JoinTokens.IdentityOf(Context.User) is not { } identity)
        {
            await RefuseAsync("invalid-token", "This join link is not valid.");
            return;
        }
        Context.Items[nameof(ParticipantIdentity)] = identity;
        try
        {
            await fanout.EnsureSubscribedAsync(identity.SessionId);
            registry.Add(identity.SessionId, identity.ParticipantId, Context.ConnectionId);
            var participant = grains.GetGrain<IParticipantGrain>(ParticipantKey.For(identity.SessionId, identity.ParticipantId));
            var me = await participant.ConnectAsync(identity, lease.GatewayId, Context.ConnectionId);
            await fanout.SetGroupsAsync(Groups, Context.ConnectionId, identity.SessionId, me);
            // Events published while joining the groups are covered by a fresh snapshot taken after joining them.
            var view = await Session<ISessionGrain>().GetViewAsync(MyId);
            await Clients.Caller.Event(SessionEventTypes.Snapshot, view);
        }
        catch (SessionRuleException ex)
        {
            Context.Items.Remove(nameof(ParticipantIdentity));
            await ForgetConnectionAsync(identity);
            await RefuseAsync(ex.Code, ex.Message);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.ContainsKey(nameof(ParticipantIdentity)))
        {
            var participant = grains.GetGrain<IParticipantGrain>(ParticipantKey.For(SessionId, MyId));
            var connectionId = Context.ConnectionId;
            try
            {
                // Lost, this call would leave the participant "online" for good; it is idempotent, so it is retried.
                await ClusterRetry.RunAsync(() => participant.DisconnectAsync(lease.GatewayId, connectionId), clock);
            }
            finally
            {
                await ForgetConnectionAsync(Me);
            }
        }
    }

    private async Task ForgetConnectionAsync(ParticipantIdentity identity)
    {
        if (registry.Remove(identity.SessionId, identity.ParticipantId, Context.ConnectionId))
            await fanout.ReleaseAsync(identity.SessionId);
    }

    private async Task RefuseAsync(string code, string message)
    {
        await Clients.Caller.Event("refused", new { code, message });
        Context.Abort();
    }

    private T Session<T>() where T : IGrainWithStringKey => grains.GetGrain<T>(SessionId);

    /// <summary>A fresh snapshot of the session as this participant may see it.</summary>
    public Task<SessionView> GetSnapshot() => Session<ISessionGrain>().GetViewAsync(MyId);

    /// <summary>
    /// The ICE servers (a TURN relay with credentials minted for this participant, valid no longer than their invite)
    /// that the browser puts in its RTCPeerConnection before gathering candidates; empty when no relay is configured.
    /// </summary>
    public IReadOnlyList<IceServer> GetIceServers() => turn.For(MyId, JoinTokens.ExpiresOf(Context.User!) ?? clock.GetUtcNow());

    /// <summary>Host: take the session live.</summary>
    public Task GoLive() => Session<ISessionGrain>().GoLiveAsync(MyId);

    /// <summary>Host: end the session for everyone.</summary>
    public Task<SessionSummary> EndSession() => Session<ISessionGrain>().EndAsync(MyId);

    /// <summary>Host: admit a guest from the lobby.</summary>
    public Task Admit(string participantId) => Session<ISessionLobby>().AdmitAsync(MyId, participantId);

    /// <summary>Host: turn a guest away.</summary>
    public Task Deny(string participantId) => Session<ISessionLobby>().DenyAsync(MyId, participantId);

    /// <summary>Host: remove a participant.</summary>
    public Task Remove(string participantId) => Session<ISessionLobby>().RemoveAsync(MyId, participantId);
}
