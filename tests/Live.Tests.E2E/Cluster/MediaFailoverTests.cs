using System.Diagnostics;
using Live.Tests.E2E.Media;
using Live.Tests.Integration.Cluster;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Cluster;

/// <summary>
/// Media survives the loss of the silo that carries it, in real Chromium against real processes: kill -9 (crash) or
/// SIGTERM (drain) of the silo hosting the session's media router, then the host's and an observer's video decode
/// again, through a media router on the other silo. The kill test also serves the failover benchmark (bench/run.sh
/// failover sets <c>LIVE_FAILOVER_KILLS</c>) and prints one RESULT line.
/// </summary>
[Trait("Category", "Browser"), Trait("Category", "Cluster")]
public sealed class MediaFailoverTests(ClusterAppFixture app, ITestOutputHelper output) : IClassFixture<ClusterAppFixture>
{
    /// <summary>Issue #6: media is re-established on another silo within 10 s of the kill.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Restarted at each kill or SIGTERM: the clock of the logged browser messages.</summary>
    private readonly Stopwatch _sinceFailure = new();

    [Fact]
    public async Task MediaSilo_KilledHard_VideoDecodesAgainWithinTenSeconds()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("LIVE_FAILOVER_KILLS"), out var n) && n is > 0 and <= 50 ? n : 1;
        var room = await StartRoomAsync();
        var sessionAnswer = new List<long>();
        var mediaAgain = new List<long>();
        try
        {
            for (var kill = 1; kill <= kills; kill++)
            {
                var victim = await app.MediaSiloOfAsync(room.Observers[0]);
                var sessionWasThere = (await app.Cluster.SiloHostingAsync(room.SessionId)).Pid == victim.Pid;
                var clock = Stopwatch.StartNew();
                var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var observerAgain = DecodingAgainAtAsync(room.Observers[0], videos: 2, killedAt);
                var hostAgain = DecodingAgainAtAsync(room.Host, videos: 1, killedAt);
                _sinceFailure.Restart();
                victim.KillHard();
                await app.Cluster.WaitForSessionAsync(room.SessionId, victim, MediaTimeout);
                var answered = clock.ElapsedMilliseconds;
                var observerMs = await observerAgain - killedAt;
                var hostMs = await hostAgain - killedAt;
                var media = Math.Max(observerMs, hostMs);
                Log($"[failover] kill {kill}/{kills}: {victim.Name} (media router{(sessionWasThere ? " and session" : "")}); " +
                    $"session answered after {answered} ms; video decoding again: observer {observerMs} ms, host {hostMs} ms");
                // Still flowing on the new silo: every track, not just the first frames.
                await room.Host.WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
                await room.Observers[0].WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
                var newSilo = await app.MediaSiloOfAsync(room.Observers[0]);
                Assert.NotEqual(victim.Pid, newSilo.Pid);
                sessionAnswer.Add(answered);
                mediaAgain.Add(media);
                await ReplaceAndWarmUpAsync(victim);
            }
        }
        finally
        {
            await CloseAsync(room);
        }
        var line = $"RESULT failover kills={kills} session-answer-ms p50={Median(sessionAnswer)} max={sessionAnswer.Max()} " +
            $"media-decoding-again-ms p50={Median(mediaAgain)} max={mediaAgain.Max()}";
        Log(line);
        // Checked after every kill has been measured, so a benchmark run prints all its figures.
        Assert.All(mediaAgain, ms => Assert.InRange(ms, 0, (long)RecoveryLimit.TotalMilliseconds));
    }

    [Fact]
    public async Task MediaSilo_Sigterm_DrainsAndMediaMovesToTheOtherSilo()
    {
        var room = await StartRoomAsync();
        try
        {
            var victim = await app.MediaSiloOfAsync(room.Observers[0]);
            var stoppedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var observerAgain = DecodingAgainAtAsync(room.Observers[0], videos: 2, stoppedAt);
            var hostAgain = DecodingAgainAtAsync(room.Host, videos: 1, stoppedAt);
            _sinceFailure.Restart();
            victim.Terminate();
            var observerMs = await observerAgain - stoppedAt;
            var hostMs = await hostAgain - stoppedAt;
            var exitCode = await victim.WaitForExitAsync(TimeSpan.FromSeconds(40));
            Log($"[drain] SIGTERM to {victim.Name} (media router): exit code {exitCode}; video decoding again: observer {observerMs} ms, host {hostMs} ms");

            Assert.Equal(0, exitCode);
            await room.Host.WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
            await room.Observers[0].WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
            // The new router is on a silo that is still running (Orleans places nothing on a stopping silo).
            var newSilo = await app.MediaSiloOfAsync(room.Observers[0]);
            Assert.NotEqual(victim.Pid, newSilo.Pid);
            Assert.Equal("Live", await room.Host.Page.Locator("#phase").InnerTextAsync());
            await ReplaceAndWarmUpAsync(victim);
        }
        finally
        {
            await CloseAsync(room);
        }
    }

    private async Task<MediaRoomScenario> StartRoomAsync()
    {
        SetDefaultExpectTimeout(20_000);
        var room = await MediaRoomScenario.StartAsync(app, respondents: ["Riley Respondent"], observers: ["Olga Observer"]);
        await room.Host.WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
        await room.Observers[0].WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
        // What the media client decides (reconnections and why), in ms since the failure, for the report.
        foreach (var page in room.Respondents.Append(room.Host).Append(room.Observers[0]))
            page.Page.Console += (_, message) =>
            {
                if (_sinceFailure.IsRunning && message.Text.StartsWith("Media", StringComparison.Ordinal))
                    Log($"{_sinceFailure.ElapsedMilliseconds,6} ms {page.Name}: {message.Text.Split('\n')[0]}");
            };
        return room;
    }

    private void Log(string line)
    {
        try { output.WriteLine(line); } catch (InvalidOperationException) { } // the test has finished
    }

    /// <summary>
    /// Puts a fresh silo in place of a stopped one, then opens one throwaway room: a new silo compiles its code on the first
    /// calls, which on this loaded 2-core machine can outlast the gateway's 8 s call timeout and break the next test's setup.
    /// </summary>
    private async Task ReplaceAndWarmUpAsync(ClusterProcess stopped)
    {
        await app.Cluster.ReplaceSiloAsync(stopped);
        try
        {
            var warmUp = await MediaRoomScenario.StartAsync(app, respondents: ["Wendy Warmup"], observers: ["Walt Warmup"]);
            await CloseAsync(warmUp);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or HttpRequestException or Xunit.Sdk.XunitException)
        {
            Log($"warm-up after replacing {stopped.Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Starts watching the page (before the kill): resolves with the wall-clock ms at which a new RTCPeerConnection
    /// decodes <paramref name="videos"/> videos, each with frames decoded; -1 after 30 s.
    /// </summary>
    private static async Task<long> DecodingAgainAtAsync(MediaPage page, int videos, long since)
    {
        var at = await page.Page.EvaluateAsync<double>("""
            async ([videos, since]) => {
              const m = globalThis.liveMedia;
              const before = m.reconnections;
              while (Date.now() < since + 30000) {
                if (m.reconnections > before) {
                  let decoding = 0;
                  (await m.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) decoding++; });
                  if (decoding >= videos) return Date.now();
                }
                await new Promise(r => setTimeout(r, 50));
              }
              return -1;
            }
            """, new object[] { videos, since });
        if (at > 0) return (long)at;
        // What the client wanted and what it got, so a failure says where recovery stopped.
        var state = await page.Page.EvaluateAsync<string>("""
            async () => {
              const m = globalThis.liveMedia;
              const stats = [];
              (await m.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp') stats.push(`${s.kind} ${s.mid} packets=${s.packetsReceived} frames=${s.framesDecoded ?? '-'}`); });
              const subs = [...m.remote.values()].map(r => `${r.info.trackId}/${r.info.generation} mid=${r.transceiver.mid} ${r.transceiver.currentDirection}${r.unanswered ? ' not-carried' : ''}`);
              return `epoch ${m.epoch}, ${m.pc.connectionState}; tracks: ${m.tracks.map(t => `${t.trackId}/${t.generation}`).join(', ')}; subscriptions: ${subs.join(', ')}; inbound: ${stats.join(', ')}`;
            }
            """);
        Assert.Fail($"{page.Name}: video did not decode again on a new connection within 30 s ({state})");
        return -1;
    }

    private static async Task CloseAsync(MediaRoomScenario room)
    {
        foreach (var page in room.Respondents.Append(room.Host).Concat(room.Observers)) await page.Page.Context.CloseAsync();
    }

    private static long Median(List<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
