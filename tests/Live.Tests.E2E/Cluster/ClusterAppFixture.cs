using System.Globalization;
using Live.Tests.Integration.Cluster;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.E2E.Cluster;

/// <summary>
/// Headless Chromium (as <see cref="LiveAppFixture"/> launches it) in front of a real cluster: a throwaway PostgreSQL,
/// two silos (each with its own SFU UDP port, advertising 127.0.0.1) and one gateway, each its own process, so a test
/// can kill -9 or SIGTERM the silo that carries a session's media.
/// </summary>
public class ClusterAppFixture : LiveAppFixture
{
    private readonly PostgresFixture _database = new();

    public ProcessCluster Cluster { get; private set; } = null!;

    public override string AdminApiKey => GatewayFixture.ApiKey;

    protected override async Task StartServerAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await _database.InitializeAsync();
        Cluster = await ProcessCluster.StartAsync(_database.ConnectionString, silos: 2, gateways: 1, ClusterSettings);
        BaseUrl = Cluster.Gateways[0].Http.ToString().TrimEnd('/');
    }

    /// <summary>Settings every silo and gateway process gets on top of the cluster's own.</summary>
    protected virtual IReadOnlyDictionary<string, string> ClusterSettings => new Dictionary<string, string>();

    /// <summary>The silo whose SFU the page is connected to: the port of the answer's candidate, and who owns that UDP port.</summary>
    public async Task<ClusterProcess> MediaSiloOfAsync(Media.MediaPage page)
    {
        var port = await page.Page.EvaluateAsync<int>(
            "() => Number(globalThis.liveMedia.pc.remoteDescription.sdp.match(/a=candidate:.* (\\d+) typ host/)[1])");
        return SiloOwningUdpPort(port) ?? throw new InvalidOperationException($"No live silo owns UDP port {port}.");
    }

    /// <summary>
    /// The live silo whose process owns the UDP socket bound to <paramref name="port"/> (the port in a page's SDP
    /// answer), found through /proc: the socket's inode in /proc/net/udp, then which process holds that inode.
    /// </summary>
    public ClusterProcess? SiloOwningUdpPort(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = File.ReadLines("/proc/net/udp").Concat(File.Exists("/proc/net/udp6") ? File.ReadLines("/proc/net/udp6") : [])
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[1].EndsWith(hexPort, StringComparison.Ordinal))
            .Select(f => $"socket:[{f[9]}]").ToHashSet();
        foreach (var silo in Cluster.Silos.Where(s => !s.HasExited))
        {
            try
            {
                foreach (var fd in System.IO.Directory.EnumerateFiles($"/proc/{silo.Pid}/fd"))
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return silo;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Cluster is not null) await Cluster.DisposeAsync();
        await _database.DisposeAsync();
    }
}
