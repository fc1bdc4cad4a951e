using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using Live.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Xunit;

namespace Live.Tests.E2E;

/// <summary>
/// The real gateway (with its embedded silo) on a real Kestrel port, serving the web app from src/Gateway/wwwroot,
/// plus one headless Debian Chromium driven by Playwright. Ports are picked free so tests can run beside others.
/// </summary>
public class LiveAppFixture : IAsyncLifetime
{
    public const string ApiKey = "e2e-admin-key-0123456789abcdef";
    private const string SigningKey = "e2e-signing-key-0123456789abcdef0123456789abcdef";
    /// <summary>The key the test "shop" signs customer-context tokens with.</summary>
    public const string CustomerContextKey = "e2e-shop-context-key-0123456789abcdef012345";

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; protected set; } = "";

    /// <summary>The X-Api-Key of the server under test (a cluster fixture uses the cluster's own).</summary>
    public virtual string AdminApiKey => ApiKey;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A client of the admin REST API (X-Api-Key); the caller disposes it.</summary>
    public HttpClient AdminApi()
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminApiKey);
        return http;
    }

    /// <summary>An invite link for <paramref name="name"/> in <paramref name="role"/>, minted through the admin REST API.</summary>
    public async Task<string> InviteAsync(string sessionId, string role, string name)
    {
        using var http = AdminApi();
        var response = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new { role, displayName = name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("url").GetString()!;
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Live:Auth:ApiKey"] = ApiKey,
            ["Live:Auth:SigningKey"] = SigningKey,
            ["Live:CustomerContext:SigningKey"] = CustomerContextKey,
            ["Live:Cluster:SiloPort"] = FreePort().ToString(),
            ["Live:Cluster:GatewayPort"] = FreePort().ToString(),
            ["Live:Media:UdpPort"] = "0", // the SFU binds a free UDP port and puts it in its candidate
        };
        foreach (var (key, value) in ExtraConfiguration) settings[key] = value;
        await StartServerAsync(settings);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                // The SFU's candidate is 127.0.0.1, which Chromium skips unless told otherwise.
                "--allow-loopback-in-peer-connection",
                // getDisplayMedia picks the whole (virtual) screen without a picker.
                "--auto-select-desktop-capture-source=Entire screen",
            ],
        });
        System.IO.Directory.CreateDirectory(Screenshots.Directory);
    }

    /// <summary>Starts the gateway (with its embedded silo) in this process; a derived fixture may run it as a child process instead.</summary>
    protected virtual async Task StartServerAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var webRoot = FindWebRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Path.GetDirectoryName(webRoot)!,
            WebRootPath = webRoot,
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(BaseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLiveGateway();
        _app = builder.Build();
        _app.MapLiveGateway();
        await _app.StartAsync();
    }

    /// <summary>
    /// The SFU of the embedded silo, for tests that act on the network under it (such as <see cref="Live.Media.Sfu.SfuServer.UdpBlocked"/>);
    /// null when a derived fixture runs the server as a child process.
    /// </summary>
    public Live.Media.Sfu.SfuServer? Sfu => _app?.Services.GetService(typeof(Live.Media.Sfu.SfuServer)) as Live.Media.Sfu.SfuServer;

    /// <summary>The gateway's web root in the source tree.</summary>
    protected static string WebRoot => FindWebRoot();

    /// <summary>Configuration a derived fixture adds (for example the SFU's packet-drop test hook).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraConfiguration => [];

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The gateway's wwwroot in the source tree, recorded at build time (edits show up without a rebuild).</summary>
    internal static string FindWebRoot()
    {
        var recorded = typeof(LiveAppFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GatewayWebRoot")?.Value;
        var path = recorded is null ? null : Path.GetFullPath(recorded);
        if (path is null || !File.Exists(Path.Combine(path, "index.html")))
            throw new DirectoryNotFoundException($"The gateway's wwwroot was not found at '{path}'.");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
