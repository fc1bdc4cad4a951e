using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Bench;

/// <summary>Live's gateway (embedded default: the silo in the same process), driven through its REST API and hub.</summary>
public sealed class LivePeer(ServerProcess server, HttpClient admin) : Peer(server)
{
    private const string ApiKey = "bench-api-key-0123456789";
    private const string SigningKey = "bench-signing-key-that-is-long-enough-0123456789";
    /// <summary>Invites requested at once while issuing participants.</summary>
    private const int InviteConcurrency = 16;

    public override string Name => "live";
    public override bool AdmitsGuests => true;

    /// <summary>Starts the gateway; <paramref name="environment"/> adds settings (the join benchmark serves the web app and media).</summary>
    public static async Task<LivePeer> StartAsync(string repoRoot, IReadOnlyDictionary<string, string>? environment = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Live__Auth__ApiKey"] = ApiKey,
            ["Live__Auth__SigningKey"] = SigningKey,
            ["Live__Cluster__SiloPort"] = ServerProcess.FreeTcpPort().ToString(CultureInfo.InvariantCulture),
            ["Live__Cluster__GatewayPort"] = ServerProcess.FreeTcpPort().ToString(CultureInfo.InvariantCulture),
            // The SFU binds a free UDP port: on the default one a second gateway on the machine (another benchmark,
            // a developer's server) made this one fail to start.
            ["Live__Media__UdpPort"] = "0",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) settings[key] = value;
        var server = await ServerProcess.StartAsync("live", Path.Combine(repoRoot, "src/Gateway/bin/Release/net10.0/Live.Gateway.dll"),
            settings, TimeSpan.FromSeconds(90));
        var admin = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return new LivePeer(server, admin);
    }

    public override async Task<Room> CreateRoomAsync(string title)
    {
        var response = await admin.PostAsJsonAsync("/api/sessions", new { title, kind = "focusGroup", guide = new[] { "Warm-up" } });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var host = (await IssueAsync(new Room(id, null!), "host", 1, "Host"))[0];
        return new Room(id, host);
    }

    public override async Task<IReadOnlyList<Credential>> IssueAsync(Room room, string role, int count, string namePrefix)
    {
        var issued = new Credential[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = InviteConcurrency }, async (i, ct) =>
        {
            var response = await admin.PostAsJsonAsync($"/api/sessions/{room.Id}/invites", new { role, displayName = $"{namePrefix} {i + 1}" }, ct);
            response.EnsureSuccessStatusCode();
            var invite = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            issued[i] = new Credential(invite.GetProperty("participantId").GetString()!, role, invite.GetProperty("token").GetString()!);
        });
        return issued;
    }

    /// <summary>An invite's link (the web app's join URL) for a new participant of the session.</summary>
    public async Task<Uri> InviteUrlAsync(string sessionId, string role, string displayName)
    {
        var response = await admin.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new { role, displayName });
        response.EnsureSuccessStatusCode();
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        return new Uri(Server.BaseAddress, url);
    }

    public override HubConnection Build(Room room, Credential c) => Build(new Uri(Server.BaseAddress, "/hubs/session"), c.Token);

    public override Task GoLiveAsync(HubConnection host) => host.InvokeAsync("GoLive");

    public override Task AdmitAsync(HubConnection host, string participantId) => host.InvokeAsync("Admit", participantId);

    /// <summary>Sum of live_grain_call_duration_seconds_count over every interface, method and result.</summary>
    public override async Task<double?> GrainCallsAsync()
    {
        var text = await admin.GetStringAsync("/metrics");
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("live_grain_call_duration_seconds_count", StringComparison.Ordinal)) continue;
            total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return total;
    }

    /// <summary>Sum of every /metrics sample whose line starts with <paramref name="prefix"/> (a name, or a name and labels).</summary>
    public async Task<double> MetricAsync(string prefix)
    {
        var text = await admin.GetStringAsync("/metrics");
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue;
            total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return total;
    }

    public override async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await base.DisposeAsync();
    }
}
