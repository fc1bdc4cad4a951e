using System.Diagnostics;
using Live.Media.Sfu;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// A participant's UDP path breaks mid-session (the silo's UDP port starts dropping everything, <see cref="SfuServer.UdpBlocked"/>,
/// as a network that suddenly blocks UDP would): their page finds the SFU's TCP candidate and carries on within 10 s,
/// on the same hub connection (no rejoin), the host keeps decoding their camera, and the host's roster shows the new path.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PathChangeTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    /// <summary>What issue #12 promises a participant whose UDP path is cut.</summary>
    private static readonly TimeSpan SwitchBudget = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UdpCutMidSession_ParticipantContinuesOverTcpWithin10s_WithoutRejoining_HostRosterShowsTcp()
    {
        SfuServer sfu = app.Sfu ?? throw new InvalidOperationException("the fixture runs the silo in this process");
        var room = await MediaRoomScenario.StartAsync(app, ["Pia Path"], []);
        MediaPage pia = room.Respondents[0];
        var clock = Stopwatch.StartNew();
        pia.Page.Console += (_, m) => { if (m.Text.StartsWith("Media")) output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} pia: {m.Text}"); };
        room.Host.Page.Console += (_, m) => { if (m.Text.StartsWith("Media")) output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} host: {m.Text}"); };
        string piaId = await pia.Page.EvaluateAsync<string>("() => globalThis.liveMedia.session.state.me.participantId");
        ILocator piaPathBadge = room.Host.Page.Locator($"#roster li[data-pid='{piaId}'] .media-path");

        // The moment: media flows over UDP (both pages' selected pairs, the SFU's UDP counter, frames at the host) and
        // the host's roster says so.
        await WaitAsync(async () => await PathAsync(pia) == "udp" && await PathAsync(room.Host) == "udp", SetupTimeout, "both pages on udp");
        await WaitForHostDecodingAsync(room.Host, piaId, SetupTimeout, "before the cut");
        await Expect(piaPathBadge).ToHaveAttributeAsync("data-path", "udp", new() { Timeout = (float)SetupTimeout.TotalMilliseconds });
        double udpBefore = SfuMetrics.GetRtpPacketsReceived(tcp: false);
        await WaitAsync(() => Task.FromResult(SfuMetrics.GetRtpPacketsReceived(tcp: false) > udpBefore + 50), SetupTimeout, "RTP arriving over udp");
        string hubConnection = await HubConnectionIdAsync(pia);
        long blockedBefore = sfu.GetDropCount(SfuDropReason.UdpBlocked);
        await room.ShotAsync(room.Host.Page, "path-change-before-udp");

        sfu.UdpBlocked = true;
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} UDP blocked");
        var sinceCut = Stopwatch.StartNew();
        try
        {
            // Frames must rise after both pages are on TCP, so they came over TCP, not from packets in flight at the cut.
            await WaitAsync(async () => await PathAsync(pia) == "tcp" && await PathAsync(room.Host) == "tcp", SwitchBudget, "both pages on tcp");
            TimeSpan onTcp = sinceCut.Elapsed;
            await WaitForHostDecodingAsync(room.Host, piaId, SwitchBudget - sinceCut.Elapsed, "after the cut");
            TimeSpan decoding = sinceCut.Elapsed;
            output.WriteLine($"after the cut: both on tcp at {onTcp.TotalSeconds:F1} s, host decoding again at {decoding.TotalSeconds:F1} s; " +
                $"reconnections: pia {await ReconnectionsAsync(pia)}, host {await ReconnectionsAsync(room.Host)}");
            Assert.True(decoding <= SwitchBudget, $"media came back after {decoding.TotalSeconds:F1} s");

            await Expect(piaPathBadge).ToHaveAttributeAsync("data-path", "tcp", new() { Timeout = 5000 });
            output.WriteLine($"host roster shows tcp at {sinceCut.Elapsed.TotalSeconds:F1} s");
            await room.ShotAsync(room.Host.Page, "path-change-after-tcp");

            // Still in the session, on the same hub connection: no rejoin, no lobby.
            Assert.Equal(hubConnection, await HubConnectionIdAsync(pia));
            await Expect(pia.Page.Locator("#room")).ToBeVisibleAsync();
            Assert.True(sfu.GetDropCount(SfuDropReason.UdpBlocked) > blockedBefore, "the cut dropped UDP datagrams");
        }
        finally
        {
            sfu.UdpBlocked = false;
        }
    }

    private static Task<string?> PathAsync(MediaPage page) => page.Page.EvaluateAsync<string?>("() => globalThis.liveMedia?.path ?? null");

    private static Task<int> ReconnectionsAsync(MediaPage page) => page.Page.EvaluateAsync<int>("() => globalThis.liveMedia?.reconnections ?? 0");

    private static Task<string> HubConnectionIdAsync(MediaPage page) =>
        page.Page.EvaluateAsync<string>("() => globalThis.liveMedia.session.connection.connectionId");

    /// <summary>
    /// Waits until the host's subscription to <paramref name="participantId"/>'s camera decodes more frames on two
    /// samples in a row (a subscription started over counts from zero again).
    /// </summary>
    private async Task WaitForHostDecodingAsync(MediaPage host, string participantId, TimeSpan timeout, string when)
    {
        var clock = Stopwatch.StartNew();
        long previous = -1;
        while (clock.Elapsed < timeout)
        {
            var camera = (await host.RemoteStatsAsync()).Where(t => t.ParticipantId == participantId && t.Source == "camera" && t.Kind == "video").ToList();
            long frames = camera.Count == 1 ? camera[0].FramesDecoded : -1;
            if (previous > 0 && frames > previous)
            {
                output.WriteLine($"host decodes the camera {when}: {previous} → {frames} frames");
                return;
            }

            previous = frames;
            await Task.Delay(300);
        }

        Assert.Fail($"the host did not decode the camera {when} within {timeout.TotalSeconds:F1} s (last count {previous})");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }

        Assert.Fail($"not reached within {timeout.TotalSeconds:F1} s: {what}");
    }
}
