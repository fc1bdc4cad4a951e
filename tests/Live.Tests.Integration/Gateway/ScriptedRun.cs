using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Live.Gateway.Api;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// One run of a scripted session for <see cref="ObserverIndistinguishabilityTests"/>: the host and observers on the
/// SignalR client, guests on raw WebSockets, every random id labelled after its owner, and each step's end awaited on a
/// positive signal the host receives.
/// </summary>
internal sealed class ScriptedRun(GatewayFixture gateway, string sessionId)
{
    private readonly Dictionary<string, string> _labels = new() { [sessionId] = "<session>" };
    private readonly Dictionary<HubParticipant, Invite> _observers = [];
    private readonly List<(RawHubClient Client, Invite Invite, List<(string Request, int Status, string Body)> Calls)> _guests = [];

    public IEnumerable<RawHubClient> Guests => _guests.Select(g => g.Client);

    public async Task<HubParticipant> HostAsync()
    {
        var invite = await InviteAsync(Role.Host, "Hana");
        var host = await HubParticipant.ConnectAsync(gateway.BaseAddress, invite.Token, invite.ParticipantId, "Hana");
        await host.WaitForAsync("staffRoster", r => Has(r, invite.ParticipantId, "admitted"));
        return host;
    }

    /// <summary>Connects an observer and waits until the host sees <paramref name="present"/> observers (the tick ran).</summary>
    public async Task<HubParticipant> ObserverAsync(HubParticipant host, string name, int present)
    {
        var invite = await InviteAsync(Role.Observer, name);
        return await ConnectObserverAsync(host, invite, present);
    }

    /// <summary>The observer leaves (the host sees one fewer) and comes back with the same link.</summary>
    public async Task<HubParticipant> RejoinObserverAsync(HubParticipant host, HubParticipant observer, int present)
    {
        var invite = _observers[observer];
        var mark = host.Received.Count;
        await observer.DisposeAsync();
        await WaitAfterAsync(host, mark, "observers", c => c.GetProperty("present").GetInt32() == present - 1);
        return await ConnectObserverAsync(host, invite, present);
    }

    /// <summary>Connects a guest on a raw WebSocket; the host admits them once waiting, and the roster tick is awaited.</summary>
    public async Task<RawHubClient> GuestAsync(HubParticipant host, Role role, string name)
    {
        var invite = await InviteAsync(role, name);
        var guest = await RawHubClient.ConnectAsync(gateway.BaseAddress, invite.Token, name);
        await guest.WaitForEventAsync("snapshot");
        await host.WaitForAsync("staffRoster", r => Has(r, invite.ParticipantId, "waiting"));
        var mark = host.Received.Count;
        await host.Connection.InvokeAsync("Admit", invite.ParticipantId);
        await guest.WaitForEventAsync("snapshot", v => v.GetProperty("me").GetProperty("admission").GetString() == "admitted");
        await WaitAfterAsync(host, mark, "staffRoster", r => Has(r, invite.ParticipantId, "admitted"));
        _guests.Add((guest, invite, []));
        return guest;
    }

    /// <summary>What the guest's token, and no credentials at all, can fetch over REST.</summary>
    public async Task FetchRestAsync(RawHubClient guest)
    {
        var (_, invite, rest) = _guests.Single(g => g.Client == guest);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        var bearer = new AuthenticationHeaderValue("Bearer", invite.Token);
        (HttpMethod Method, string Path, bool Token, object? Body)[] requests =
        [
            (HttpMethod.Get, $"/api/sessions/{sessionId}", true, null),
            (HttpMethod.Get, $"/api/sessions/{sessionId}/recordings", true, null),
            (HttpMethod.Get, $"/api/sessions/{sessionId}/notes", true, null),
            (HttpMethod.Post, $"/api/sessions/{sessionId}/invites", true, new CreateInviteRequest(Role.Observer, "Sneaky", null)),
            (HttpMethod.Get, "/metrics", false, null),
            (HttpMethod.Get, "/health/ready", false, null),
            (HttpMethod.Get, "/health/live", false, null),
        ];
        foreach (var (method, path, token, body) in requests)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token) request.Headers.Authorization = bearer;
            if (body is not null) request.Content = JsonContent.Create(body, options: GatewayFixture.Json);
            using var response = await http.SendAsync(request);
            rest.Add(($"{method} {path}", (int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }
    }

    /// <summary>Waits until every guest has seen the session end, closes them and returns their normalized traces.</summary>
    public async Task<GuestTrace[]> FinishAsync()
    {
        await Task.WhenAll(_guests.Select(g => g.Client.WaitForEventAsync("phase", p => p.GetProperty("phase").GetString() == "ended")));
        var traces = new List<GuestTrace>();
        foreach (var (client, _, rest) in _guests)
        {
            await client.DisposeAsync();
            var trace = new GuestTrace(client.Name);
            trace.AddFrames(client.Frames, _labels);
            foreach (var (request, status, body) in rest) trace.AddRest(request, status, body, _labels);
            traces.Add(trace);
        }
        return [.. traces];
    }

    private async Task<HubParticipant> ConnectObserverAsync(HubParticipant host, Invite invite, int present)
    {
        var mark = host.Received.Count;
        var observer = await HubParticipant.ConnectAsync(gateway.BaseAddress, invite.Token, invite.ParticipantId, invite.DisplayName);
        await WaitAfterAsync(host, mark, "observers", c => c.GetProperty("present").GetInt32() == present);
        _observers[observer] = invite;
        return observer;
    }

    private async Task<Invite> InviteAsync(Role role, string name)
    {
        var invite = await gateway.InviteAsync(sessionId, role, name);
        _labels[invite.ParticipantId] = $"<{name}>";
        _labels[invite.Token] = $"<token:{name}>";
        return invite;
    }

    /// <summary>Waits for an event the host receives after the first <paramref name="mark"/> it had already received.</summary>
    public static async Task<JsonElement> WaitAfterAsync(HubParticipant host, int mark, string type, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (t, json) in host.Received.Skip(mark))
            {
                if (t != type) continue;
                var element = JsonDocument.Parse(json).RootElement;
                if (match(element)) return element;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"{host.Name} did not receive the expected '{type}' event.");
    }

    private static bool Has(JsonElement roster, string participantId, string admission) =>
        roster.EnumerateArray().Any(r => r.GetProperty("participantId").GetString() == participantId
            && r.GetProperty("admission").GetString() == admission);
}
