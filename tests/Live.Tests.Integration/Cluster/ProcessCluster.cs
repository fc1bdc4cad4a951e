using System.Net.Http.Json;
using System.Text.Json;
using Live.Gateway.Api;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Cluster;

/// <summary>
/// A Live cluster of real processes on one throwaway PostgreSQL database: silos and gateways started with
/// <c>dotnet Live.Silo.dll</c> / <c>Live.Gateway.dll</c> on free loopback ports, logs under a temporary directory.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private int _started;

    private ProcessCluster(Dictionary<string, string> settings, string logs)
    {
        _settings = settings;
        Logs = logs;
    }

    public string Logs { get; }
    public List<ClusterProcess> Silos { get; } = [];
    public List<ClusterProcess> Gateways { get; } = [];
    public IReadOnlyList<Uri> GatewayUrls => [.. Gateways.Select(g => g.Http)];

    /// <param name="settings">More settings for every process (environment variable names), e.g. <c>Live__Media__ObserversPerRouter</c>.</param>
    public static async Task<ProcessCluster> StartAsync(string connectionString, int silos, int gateways,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var clusterId = "f-" + Guid.NewGuid().ToString("N")[..10];
        var cluster = new ProcessCluster(new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Live__Cluster__Provider"] = "PostgreSql",
            ["Live__Cluster__ConnectionString"] = connectionString,
            ["Live__Cluster__ClusterId"] = clusterId,
            ["Live__Cluster__ServiceId"] = clusterId,
            ["Live__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Live__Auth__ApiKey"] = GatewayFixture.ApiKey,
            ["Live__Auth__SigningKey"] = GatewayFixture.SigningKey,
            ["Logging__LogLevel__Default"] = "Warning",
            // Which silo endpoints each gateway's Orleans client knows and has marked dead, for failover diagnosis.
            ["Logging__LogLevel__Orleans.Messaging.GatewayManager"] = "Debug",
        }, Path.Combine(Path.GetTempPath(), "live-" + clusterId));
        try
        {
            for (var i = 0; i < silos; i++) cluster.Silos.Add(cluster.NewSilo());
            await Task.WhenAll(cluster.Silos.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(60))));
            for (var i = 0; i < gateways; i++) cluster.Gateways.Add(ClusterProcess.StartGateway($"gateway{i + 1}", cluster.Logs, cluster._settings));
            await Task.WhenAll(cluster.Gateways.Select(g => g.WaitReadyAsync(TimeSpan.FromSeconds(60))));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private ClusterProcess NewSilo() => ClusterProcess.StartSilo($"silo{++_started}", Logs, _settings);

    /// <summary>Starts a new silo in place of a dead one and waits until it is ready.</summary>
    public async Task ReplaceSiloAsync(ClusterProcess dead)
    {
        var silo = NewSilo();
        Silos[Silos.IndexOf(dead)] = silo;
        dead.Dispose();
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts a gateway again on the address of a dead one (its clients' address list stays valid).</summary>
    public async Task RestartGatewayAsync(ClusterProcess dead)
    {
        var gateway = ClusterProcess.StartGateway(dead.Name, Logs, _settings, dead.Http);
        Gateways[Gateways.IndexOf(dead)] = gateway;
        dead.Dispose();
        await gateway.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    public static HttpClient Admin(Uri gateway, TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = gateway, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", GatewayFixture.ApiKey);
        return http;
    }

    public async Task<SessionSummary> CreateSessionAsync(string title, params string[] guide)
    {
        using var http = Admin(Gateways[0].Http);
        var response = await http.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(title, SessionKind.FocusGroup, guide, null), GatewayFixture.Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionSummary>(GatewayFixture.Json))!;
    }

    public async Task<Invite> InviteAsync(string sessionId, Role role, string name)
    {
        using var http = Admin(Gateways[0].Http);
        var response = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new CreateInviteRequest(role, name, null), GatewayFixture.Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Invite>(GatewayFixture.Json))!;
    }

    /// <summary>Every note of the session, through the export API, page by page.</summary>
    public async Task<IReadOnlyList<JsonElement>> ExportNotesAsync(string sessionId)
    {
        using var http = Admin(Gateways.First(g => !g.HasExited).Http);
        var notes = new List<JsonElement>();
        while (true)
        {
            var page = (await http.GetFromJsonAsync<JsonElement[]>($"/api/sessions/{sessionId}/notes?skip={notes.Count}&max=1000", GatewayFixture.Json))!;
            notes.AddRange(page);
            if (page.Length < 1000) return notes;
        }
    }

    /// <summary>The silo process that hosts the session grain now, asked through a live gateway.</summary>
    public async Task<ClusterProcess> SiloHostingAsync(string sessionId)
    {
        var gateway = Gateways.First(g => !g.HasExited);
        using var http = Admin(gateway.Http);
        var placement = (await http.GetFromJsonAsync<GrainPlacement>($"/api/sessions/{sessionId}/placement", GatewayFixture.Json))!;
        return Silos.Single(s => s.SiloPort == placement.SiloPort);
    }

    /// <summary>
    /// Asks a live gateway where the session is, every 100 ms with a 2 s timeout each, until a silo other than
    /// <paramref name="dead"/> answers; returns that silo's port. Bounded by <paramref name="budget"/>.
    /// </summary>
    public async Task<int> WaitForSessionAsync(string sessionId, ClusterProcess? dead, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        while (DateTime.UtcNow < deadline)
        {
            var gateway = Gateways.First(g => !g.HasExited);
            using var http = Admin(gateway.Http, TimeSpan.FromSeconds(2));
            try
            {
                var response = await http.GetAsync($"/api/sessions/{sessionId}/placement");
                if (response.IsSuccessStatusCode)
                {
                    var placement = (await response.Content.ReadFromJsonAsync<GrainPlacement>(GatewayFixture.Json))!;
                    if (placement.SiloPort != dead?.SiloPort) return placement.SiloPort;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The session did not answer from a live silo within {budget}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Gateways.Concat(Silos)) process.Dispose();
        await Task.CompletedTask;
    }
}
