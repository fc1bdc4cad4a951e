using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Gateway.Api;
using Live.Gateway.Hosting;
using Live.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>A real gateway (with its embedded silo) on a real Kestrel bound to 127.0.0.1, as the embedded default runs it.</summary>
public class GatewayFixture : IAsyncLifetime
{
    public const string ApiKey = "test-api-key-0123456789";
    public const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";
    /// <summary>The key the test "shop" signs customer-context tokens with (Live:CustomerContext:SigningKey).</summary>
    public const string CustomerContextKey = "test-shop-context-key-that-is-long-enough-9876";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The management port's address (Live:Management:Urls), where /metrics is served.</summary>
    public Uri ManagementAddress { get; private set; } = null!;
    public HttpClient Admin { get; protected set; } = null!;

    /// <summary>The gateway's services (its options, for tests that place files where it reads them).</summary>
    public IServiceProvider Services => _app!.Services;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public virtual async Task InitializeAsync()
    {
        var port = FreeTcpPort();
        var managementPort = FreeTcpPort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", WebRootPath = WebRoot() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Live:Auth:ApiKey"] = ApiKey,
            ["Live:Auth:SigningKey"] = SigningKey,
            ["Live:CustomerContext:SigningKey"] = CustomerContextKey,
            ["Live:Cluster:SiloPort"] = FreeTcpPort().ToString(),
            ["Live:Cluster:GatewayPort"] = FreeTcpPort().ToString(),
            ["Live:Media:UdpPort"] = "0",
            ["Live:Management:Urls"] = $"http://127.0.0.1:{managementPort}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Live"] = "Debug",
        });
        builder.Configuration.AddInMemoryCollection(MoreSettings());
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddLiveGateway();
        _app = builder.Build();
        _app.MapLiveGateway();
        await _app.StartAsync();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        ManagementAddress = new Uri($"http://127.0.0.1:{managementPort}");
        Admin = new HttpClient { BaseAddress = BaseAddress };
        Admin.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    /// <summary>Settings a derived fixture adds (or overrides) before the gateway starts.</summary>
    protected virtual IReadOnlyDictionary<string, string?> MoreSettings() => new Dictionary<string, string?>();

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public async Task<SessionSummary> CreateSessionAsync(SessionKind kind = SessionKind.FocusGroup, params string[] guide)
    {
        var response = await Admin.PostAsJsonAsync("/api/sessions",
            new CreateSessionRequest("Gift finder study", kind, guide.Length > 0 ? guide : ["Tell us about your last gift", "Find a gift under $50"], null), Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionSummary>(Json))!;
    }

    public async Task<Invite> InviteAsync(string sessionId, Role role, string name)
    {
        var response = await Admin.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new CreateInviteRequest(role, name, null), Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Invite>(Json))!;
    }

    /// <summary>Invites and connects a participant.</summary>
    public async Task<HubParticipant> JoinAsync(string sessionId, Role role, string name)
    {
        var invite = await InviteAsync(sessionId, role, name);
        return await HubParticipant.ConnectAsync(BaseAddress, invite.Token, invite.ParticipantId, name);
    }

    /// <summary>The gateway's web app in the source tree, so page tests see what browsers get.</summary>
    private static string WebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Live.sln"))) return Path.Combine(dir.FullName, "src", "Gateway", "wwwroot");
        throw new DirectoryNotFoundException("Live.sln not found above the test output.");
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
