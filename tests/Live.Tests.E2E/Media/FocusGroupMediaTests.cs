using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Media through the whole product in real Chromium: the web app, the hub, the grains and the silo's SFU. A host and two
/// respondents publish camera and microphone, three observers watch; everyone sees and hears whom they should, observers
/// publish nothing and never appear to respondents; a screen share comes and goes; a late observer decodes at once.
/// </summary>
[Trait("Category", "Browser")]
public sealed class FocusGroupMediaTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HostRespondentsAndObservers_EveryoneReceivesWhatTheyShould()
    {
        SetDefaultExpectTimeout(20_000);
        var room = await MediaRoomScenario.StartAsync(app, respondents: ["Riley Respondent", "Sam Respondent"],
            observers: ["Olga Observer", "Oscar Observer", "Opal Observer"]);
        var (host, respondents, observers) = (room.Host, room.Respondents, room.Observers);

        // Host and each respondent receive the other three publishers' camera and microphone.
        await host.WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
        foreach (var respondent in respondents) await respondent.WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
        // Observers receive all six tracks and send none.
        foreach (var observer in observers)
        {
            var tracks = await observer.WaitForFlowingAsync(_ => true, count: 6, MediaTimeout);
            Assert.Equal(3, tracks.Count(t => t.Kind == "video"));
            Assert.Equal(0, await observer.SendingTracksAsync());
        }

        // Observers have not clicked anything and capture nothing, so Chromium lets their pages play only muted media:
        // the tiles play anyway (their videos are muted), and the sound waits for one click on the offer.
        foreach (var observer in observers)
        {
            await observer.Page.WaitForFunctionAsync(
                "() => { const v = [...document.querySelectorAll('#tiles video')]; return v.length === 3 && v.every(x => !x.paused && x.currentTime > 0); }");
            var offer = observer.Page.Locator(".sound-offer");
            await Expect(offer).ToBeVisibleAsync();
            if (observer == observers[0]) await room.ShotAsync(observer.Page, "media-observer-sound-offer");
            await offer.ClickAsync();
            await Expect(offer).ToHaveCountAsync(0);
            await observer.Page.WaitForFunctionAsync(
                "() => { const a = [...document.querySelectorAll('audio[data-track-id]')]; return a.length === 3 && a.every(x => !x.paused); }");
        }
        // Publishers capture, which lets their pages play sound at once: no offer.
        foreach (var publisher in respondents.Append(host)) await Expect(publisher.Page.Locator(".sound-offer")).ToHaveCountAsync(0);

        // Respondents' pages show the host and the other respondent, never an observer.
        foreach (var respondent in respondents)
        {
            await Expect(respondent.Page.Locator("#tiles video")).ToHaveCountAsync(3);
            var stage = await respondent.Page.Locator("#tiles").InnerTextAsync();
            var html = await respondent.Page.ContentAsync();
            foreach (var name in new[] { "Olga", "Oscar", "Opal" })
            {
                Assert.DoesNotContain(name, stage);
                Assert.DoesNotContain(name, html);
            }
        }
        await room.ShotAsync(host.Page, "media-host");
        await room.ShotAsync(respondents[0].Page, "media-respondent");
        await room.ShotAsync(observers[0].Page, "media-observer");

        // A respondent shares their screen mid-session: the host and observers see it appear, then disappear.
        var riley = respondents[0];
        await riley.Page.GetByRole(AriaRole.Button, new() { Name = "🖥️ Share screen" }).ClickAsync();
        bool IsRileysScreen(RemoteTrackStats t) => t.Source == "screen";
        await host.WaitForFlowingAsync(IsRileysScreen, count: 1, MediaTimeout);
        await observers[1].WaitForFlowingAsync(IsRileysScreen, count: 1, MediaTimeout);
        await Expect(host.Page.Locator("#tiles .tile.screen video")).ToHaveCountAsync(1);
        await room.ShotAsync(host.Page, "media-host-screen-share");
        await riley.Page.GetByRole(AriaRole.Button, new() { Name = "⏹ Stop sharing" }).ClickAsync();
        await Expect(host.Page.Locator("#tiles .tile.screen")).ToHaveCountAsync(0);
        await Eventually.TrueAsync(async () => (await observers[1].RemoteStatsAsync()).Count(IsRileysScreen) == 0, "the screen track is gone for observers");

        // A late observer gets a keyframe on subscribe: each video decodes soon after its first packet arrives (without
        // one it would wait for the publisher's next periodic keyframe). Connecting itself (ICE, DTLS) is timed too, but
        // only loosely: on this 2-core machine running six Chromium pages it has taken from 0.2 to 6 s.
        var late = await room.JoinObserverAsync("Lena Late");
        var timings = await late.Page.EvaluateAsync<double[][]>("""
            async () => {
              while (!globalThis.liveMedia?.answeredAt) await new Promise(r => setTimeout(r, 20));
              const m = globalThis.liveMedia;
              const firstPacket = new Map(), firstFrame = new Map();
              while (firstFrame.size < 3) {
                const now = performance.now() - m.answeredAt;
                (await m.pc.getStats()).forEach(s => {
                  if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
                  if (s.packetsReceived > 0 && !firstPacket.has(s.ssrc)) firstPacket.set(s.ssrc, now);
                  if (s.framesDecoded > 0 && !firstFrame.has(s.ssrc)) firstFrame.set(s.ssrc, now);
                });
                await new Promise(r => setTimeout(r, 20));
              }
              return [...firstFrame.entries()].map(([ssrc, frame]) => [firstPacket.get(ssrc), frame]);
            }
            """);
        output.WriteLine("late observer, ms after its answer: " + string.Join("; ", timings.Select(t => $"first packet {t[0]:F0}, first frame {t[1]:F0}")));
        Assert.All(timings, t => Assert.InRange(t[1] - t[0], 0, 1500));
        Assert.InRange(timings.Min(t => t[1]), 0, 10_000);

        // ICE restart, as a reconnect does it: the SFU answers with new ICE credentials and media keeps flowing.
        const string RemoteUfrag = "() => globalThis.liveMedia.pc.remoteDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1]";
        var ufrag = await host.Page.EvaluateAsync<string>(RemoteUfrag);
        await host.Page.EvaluateAsync("() => globalThis.liveMedia.reconnect()");
        await Eventually.TrueAsync(async () => await host.Page.EvaluateAsync<string>(RemoteUfrag) != ufrag, "the SFU answered the ICE restart");
        await host.WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
    }

    [Fact]
    public async Task SalesCall_HostAndCustomerSeeAndHearEachOther_ManagerWatchesSilently()
    {
        SetDefaultExpectTimeout(20_000);
        var room = await MediaRoomScenario.StartAsync(app, respondents: ["Casey Customer"], observers: ["Morgan Manager"], kind: "salesCall");
        await room.Host.WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
        await room.Respondents[0].WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
        await room.Observers[0].WaitForFlowingAsync(_ => true, count: 4, MediaTimeout);
        Assert.Equal(0, await room.Observers[0].SendingTracksAsync());
        Assert.DoesNotContain("Morgan", await room.Respondents[0].Page.ContentAsync());
    }
}
