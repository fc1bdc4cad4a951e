using System.Globalization;
using Live.Tests.E2E.Media;
using Live.Tests.Integration.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Cluster;

/// <summary>A cluster whose media routers hand every observer to an edge router on another silo (issue #6's big rooms).</summary>
public sealed class EdgeClusterAppFixture : ClusterAppFixture
{
    protected override IReadOnlyDictionary<string, string> ClusterSettings =>
        new Dictionary<string, string> { ["Live__Media__ObserversPerRouter"] = "0" };
}

/// <summary>
/// Big observer rooms across silos, end to end: real silo and gateway processes on PostgreSQL, the host publishing from
/// Chromium to the session's media router on one silo, three observers in Chromium served by an edge router on the
/// other silo. Their video decodes, and the silo metrics show the origin sending each packet into the pipe once while
/// the edge sends it to each of its observers.
/// </summary>
[Trait("Category", "Browser"), Trait("Category", "Cluster")]
public sealed class CrossSiloObserverTests(EdgeClusterAppFixture app, ITestOutputHelper output) : IClassFixture<EdgeClusterAppFixture>
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ObserversOnTheOtherSilo_DecodeThroughOnePipePerTrack()
    {
        var room = await MediaRoomScenario.StartAsync(app, respondents: [], observers: ["Olga Observer", "Oscar Observer", "Omar Observer"]);
        try
        {
            foreach (var observer in room.Observers) await observer.WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
            var origin = await app.MediaSiloOfAsync(room.Host);
            var edges = new List<ClusterProcess>();
            foreach (var observer in room.Observers) edges.Add(await app.MediaSiloOfAsync(observer));
            output.WriteLine($"host's media on {origin.Name}; observers' on {string.Join(", ", edges.Select(e => e.Name))}");
            Assert.All(edges, edge => Assert.NotEqual(origin.Pid, edge.Pid));
            var edgeSilo = Assert.Single(edges.DistinctBy(e => e.Pid));

            // A window of steady flow: what the origin received, what it piped, and what the edge sent on. A first scrape
            // of each silo compiles its /metrics endpoint, which would otherwise delay the edge's first reading.
            await SnapshotAsync(origin, edgeSilo);
            var before = await SnapshotAsync(origin, edgeSilo);
            await Task.Delay(Window);
            var after = await SnapshotAsync(origin, edgeSilo);
            var received = after.OriginReceived - before.OriginReceived;
            var piped = after.OriginPiped - before.OriginPiped;
            var pipedIn = after.EdgePipedIn - before.EdgePipedIn;
            var edgeSent = after.EdgeSent - before.EdgeSent;
            output.WriteLine($"in {Window.TotalSeconds} s: {origin.Name} received {received} RTP packets from the host and sent {piped} into the pipe; " +
                $"{edgeSilo.Name} accepted {pipedIn} from the pipe and sent {edgeSent} to its 3 observers");

            Assert.True(received > 300, $"the host's camera and microphone should send well over 300 packets in {Window.TotalSeconds} s, not {received}");
            // Each packet once, whatever the observer count. The host's camera is simulcast: the origin receives every
            // layer and pipes one of them with the microphone, so the pipe carries a share of what arrives, never a
            // multiple of it (a pipe per observer would carry three times the piped layer).
            Assert.InRange(piped, received * 0.2, received * 1.05);
            // Across two silos the counters are read a moment apart (two scrapes at once), so this one is looser.
            Assert.InRange(pipedIn, piped * 0.8, piped * 1.2);
            Assert.True(edgeSent >= pipedIn * 2.7, $"the edge should fan {pipedIn} packets out to 3 observers, sent {edgeSent}");
            Assert.Equal(0, after.OriginSent - before.OriginSent); // no observer is served by the origin
        }
        finally
        {
            foreach (var page in room.Observers.Append(room.Host)) await page.Page.Context.CloseAsync();
        }
    }

    private static async Task<(double OriginReceived, double OriginPiped, double OriginSent, double EdgePipedIn, double EdgeSent)> SnapshotAsync(
        ClusterProcess origin, ClusterProcess edge)
    {
        using var http = new HttpClient();
        // Both silos at once: a loaded silo's scrape can take a large part of a second, which read one after the other
        // would shift one window against the other.
        var scrapes = await Task.WhenAll(http.GetStringAsync(new Uri(origin.Http, "/metrics")), http.GetStringAsync(new Uri(edge.Http, "/metrics")));
        var (a, b) = (scrapes[0], scrapes[1]);
        return (Counter(a, "live_sfu_rtp_packets_received_total"), Counter(a, "live_sfu_pipe_packets_total{direction=\"out\"}"),
            Counter(a, "live_sfu_rtp_packets_sent_total"), Counter(b, "live_sfu_pipe_packets_total{direction=\"in\"}"),
            Counter(b, "live_sfu_rtp_packets_sent_total"));
    }

    /// <summary>
    /// One sample of Prometheus' text format, by its exact name and labels (0 when the process has not counted it yet);
    /// a name without labels sums its labelled children (the RTP counters carry transport="udp"|"tcp").
    /// </summary>
    private static double Counter(string metrics, string sample) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(sample + " ", StringComparison.Ordinal)
                || (!sample.Contains('{') && line.StartsWith(sample + "{", StringComparison.Ordinal)))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).Sum();
}
