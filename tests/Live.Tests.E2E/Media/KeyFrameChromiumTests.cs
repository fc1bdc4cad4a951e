using System.Diagnostics;
using System.Text.Json;
using Live.Media.Sfu;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Keyframe requests as the publishing browser counts them (its getStats pliCount, firCount, keyFramesEncoded): a wave of
/// observers joining costs the publisher no more than the SFU's cadence, every observer decodes, and a respondent's
/// pliCount is the same whether observers subscribe or not.
/// </summary>
[Trait("Category", "Browser")]
public sealed class KeyFrameChromiumTests(ITestOutputHelper output)
{
    private const int Observers = 20;

    /// <summary>
    /// The privacy window: long enough for 20 observers to join and decode on a loaded 2-core machine (measured 5–7 s), and
    /// with the 2 s cadence starting at a PLI its four cadence PLIs fall at about 2.1, 4.2, 6.3 and 8.4 s, clear of its end.
    /// </summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(9);

    [Fact]
    public async Task JoinWave_TwentyObserversWithinTwoSeconds_AtMostThreeKeyFramesAndAllDecode()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0 });
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await CrossBrowserMedia.LaunchChromiumAsync(playwright);
        (IPage alice, JsonElement producers) = await PublishAndWatchAsync(browser, host);
        Producer camera = host.Router.GetProducer("alice:Camera")!;

        JsonElement before = await StatsAsync(alice, "alice");
        long absorbedBefore = camera.KeyFrameRequestsAbsorbed;
        long requestsBefore = camera.KeyFrameRequestsSent;
        long cadenceBefore = camera.KeyFrameRequestsByCadence;
        var clock = Stopwatch.StartNew();
        IPage room = await OpenAsync(browser, host);
        // All 20 join at once, as fast as the page can start them; the wave is what the page measured, negotiations included.
        double waveMillis = await room.EvaluateAsync<double>(
            "async ([p, n]) => { const t0 = performance.now(); await Promise.all([...Array(n).keys()].map(i => subscribe('observer' + i, JSON.parse(p), true))); return performance.now() - t0; }",
            new object[] { producers.GetRawText(), Observers });
        output.WriteLine($"{Observers} observers negotiated within {waveMillis:0} ms");
        Assert.True(waveMillis <= 2000, $"the join wave took {waveMillis:0} ms, more than the 2 s this test is about");

        long[] decoded = await WaitAllDecodingAsync(room, TimeSpan.FromSeconds(20));
        JsonElement after = await StatsAsync(alice, "alice");
        output.WriteLine($"all {Observers} decoding {clock.Elapsed.TotalSeconds:0.0} s after the first join");
        long keyFrames = Int(after, "keyFramesEncoded") - Int(before, "keyFramesEncoded");
        long plis = Int(after, "pliReceived") - Int(before, "pliReceived");
        long firs = Int(after, "firReceived") - Int(before, "firReceived");
        output.WriteLine($"publisher: {keyFrames} keyframes encoded, {plis} PLIs, {firs} FIRs; SFU: {camera.KeyFrameRequestsSent - requestsBefore} sent " +
            $"({camera.KeyFrameRequestsByCadence - cadenceBefore} by cadence), {camera.KeyFrameRequestsAbsorbed - absorbedBefore} observer needs absorbed");

        Assert.True(camera.KeyFrameRequestsAbsorbed - absorbedBefore >= Observers, "the observers' keyframe needs were not all seen");
        Assert.InRange(keyFrames, 0, 3);
        Assert.InRange(plis + firs, 0, 3);

        // Everyone keeps decoding: frames rise on every observer over the next 2 s.
        await Task.Delay(TimeSpan.FromSeconds(2));
        long[] later = await DecodedAsync(room);
        Assert.All(Enumerable.Range(0, Observers), i => Assert.True(later[i] > decoded[i], $"observer{i} stopped at {later[i]} frames"));
    }

    [Fact]
    public async Task RespondentPliCount_ObserversSubscribe_SameAsGuestOnlyRun()
    {
        (long guestOnly, long guestOnlySfu) = await CountRespondentPlisAsync(withObservers: false);
        (long withObservers, long withObserversSfu) = await CountRespondentPlisAsync(withObservers: true);

        output.WriteLine($"respondent PLIs in the window: {guestOnly} without observers, {withObservers} with {Observers}");
        Assert.Equal(guestOnlySfu, guestOnly);
        Assert.Equal(withObserversSfu, withObservers);
        Assert.Equal(guestOnly, withObservers);
    }

    /// <summary>
    /// The respondent publishes and the host watches. A window starts at a PLI the respondent counted (so both runs are in
    /// the same phase of the cadence) and lasts 9 s; in it, with <paramref name="withObservers"/>, 20 observers subscribe
    /// and decode. Returns the PLIs the respondent counted in the window and the requests the SFU sent in it, after
    /// checking that every one of those was the cadence's.
    /// </summary>
    private async Task<(long Respondent, long Sfu)> CountRespondentPlisAsync(bool withObservers)
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0 });
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await CrossBrowserMedia.LaunchChromiumAsync(playwright);
        (IPage alice, JsonElement producers) = await PublishAndWatchAsync(browser, host);
        Producer camera = host.Router.GetProducer("alice:Camera")!;

        long start = Int(await StatsAsync(alice, "alice"), "pliReceived");
        JsonElement atPli = await WaitForAsync(alice, "alice", s => Int(s, "pliReceived") > start, TimeSpan.FromSeconds(10));
        var window = Stopwatch.StartNew();
        long sentBefore = camera.KeyFrameRequestsSent;
        long cadenceBefore = camera.KeyFrameRequestsByCadence;
        long absorbedBefore = camera.KeyFrameRequestsAbsorbed;
        IPage? room = null;
        if (withObservers)
        {
            room = await OpenAsync(browser, host);
            await room.EvaluateAsync(
                "async ([p, n]) => { for (let i = 0; i < n; i++) { subscribe('observer' + i, JSON.parse(p), true); await new Promise(r => setTimeout(r, 100)); } }",
                new object[] { producers.GetRawText(), Observers });
            await WaitAllDecodingAsync(room, Window - TimeSpan.FromMilliseconds(500));
        }

        TimeSpan left = Window - window.Elapsed;
        Assert.True(left > TimeSpan.Zero, $"the window was over before the observers decoded ({window.Elapsed.TotalSeconds:0.0} s)");
        await Task.Delay(left);
        JsonElement end = await StatsAsync(alice, "alice");
        long sent = camera.KeyFrameRequestsSent - sentBefore;
        long respondent = Int(end, "pliReceived") + Int(end, "firReceived") - Int(atPli, "pliReceived") - Int(atPli, "firReceived");
        output.WriteLine($"{(withObservers ? "with" : "without")} observers: respondent counted {respondent} PLI/FIR in {Window.TotalSeconds} s; SFU sent {sent} " +
            $"({camera.KeyFrameRequestsByCadence - cadenceBefore} by cadence), absorbed {camera.KeyFrameRequestsAbsorbed - absorbedBefore}");
        Assert.Equal(sent, camera.KeyFrameRequestsByCadence - cadenceBefore);
        if (withObservers)
        {
            Assert.True(camera.KeyFrameRequestsAbsorbed - absorbedBefore >= Observers, "the observers' keyframe needs were not all seen");
        }

        return (respondent, sent);
    }

    /// <summary>Alice publishes camera and microphone; the host (a visible subscriber) watches until it decodes.</summary>
    private async Task<(IPage Alice, JsonElement Producers)> PublishAndWatchAsync(IBrowser browser, SfuTestHost host)
    {
        IPage alice = await OpenAsync(browser, host);
        JsonElement producers = await alice.EvaluateAsync<JsonElement>("() => publish('alice')");
        IPage watcher = await OpenAsync(browser, host);
        await watcher.EvaluateAsync("p => subscribe('host', JSON.parse(p))", producers.GetRawText());
        await WaitForAsync(watcher, "host", s => Int(s, "videoFramesDecoded") >= 30, TimeSpan.FromSeconds(20));
        return (alice, producers);
    }

    private async Task<long[]> WaitAllDecodingAsync(IPage room, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        long[] decoded;
        do
        {
            decoded = await DecodedAsync(room);
            if (decoded.All(d => d > 0))
            {
                return decoded;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < timeout);

        Assert.Fail($"not every observer decoded within {timeout.TotalSeconds} s: {string.Join(",", decoded)}");
        return decoded;
    }

    private static async Task<long[]> DecodedAsync(IPage room) =>
        (await room.EvaluateAsync<long[]>(
            "async n => { const r = []; for (let i = 0; i < n; i++) r.push(window.pcs['observer' + i] ? (await stats('observer' + i)).videoFramesDecoded : 0); return r; }",
            Observers));

    private async Task<IPage> OpenAsync(IBrowser browser, SfuTestHost host)
    {
        IPage page = await browser.NewPageAsync();
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        await page.GotoAsync(host.BaseUrl);
        return page;
    }

    private static Task<JsonElement> StatsAsync(IPage page, string participantId) =>
        page.EvaluateAsync<JsonElement>("id => stats(id)", participantId);

    private static async Task<JsonElement> WaitForAsync(IPage page, string participantId, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        JsonElement stats;
        do
        {
            stats = await StatsAsync(page, participantId);
            if (condition(stats))
            {
                return stats;
            }

            await Task.Delay(50);
        }
        while (clock.Elapsed < timeout);

        Assert.Fail($"{participantId} did not get there within {timeout.TotalSeconds} s: {stats}");
        return stats;
    }

    private static long Int(JsonElement stats, string name) => (long)stats.GetProperty(name).GetDouble();
}
