using System.Net.Http.Json;
using System.Text.Json;
using Live.Gateway.Turn;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Turn;

/// <summary>
/// The TURN relay for real: Debian's coturn started by the fixture, Chromium told to use relay candidates only, the
/// gateway minting credentials with the relay's secret. Media flows through it; credentials that expired or were signed
/// with another secret are refused by coturn itself.
/// </summary>
[Trait("Category", "Browser")]
public sealed class TurnRelayTests(TurnAppFixture app, ITestOutputHelper output) : IClassFixture<TurnAppFixture>
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task RelayOnly_HostAndRespondent_DecodeEachOtherThroughCoturn()
    {
        SetDefaultExpectTimeout(30_000);
        var room = await Media.MediaRoomScenario.StartAsync(app, respondents: ["Riley Relay"], observers: [], initScript: RelayOnly.InitScript);

        await room.Host.WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);
        var tracks = await room.Respondents[0].WaitForFlowingAsync(_ => true, count: 2, MediaTimeout);

        Assert.Contains(tracks, t => t.Kind == "video" && t.FramesDecoded > 0);
        foreach (var page in new[] { room.Host, room.Respondents[0] })
        {
            var pair = await page.Page.EvaluateAsync<string?>(RelayOnly.SelectedPairScript("globalThis.liveMedia.pc"));
            output.WriteLine($"{page.Name}: selected local candidate {pair}");
            Assert.StartsWith("relay/", pair);
        }
        // coturn saw authenticated allocations (the credentials the gateway minted) and the SFU as a peer.
        var log = app.Relay.Log();
        Assert.Contains("ALLOCATE processed, success", log);
        Assert.Contains("CREATE_PERMISSION processed, success", log);
    }

    [Fact]
    public async Task Credential_ExpiredOrSignedWithAnotherSecret_RefusedByCoturn()
    {
        var page = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/index.html");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var valid = $"{now + 3600}:probe-valid";
        var expired = $"{now - 60}:probe-expired";

        // The control: a credential minted as the gateway mints it gets a relay candidate, so the refusals below are
        // coturn's answer to the credential, not a relay that could not be reached.
        var ok = await GatherAsync(page, app.Relay.UdpUrl, valid, TurnCredentials.Password(app.Relay.Secret, valid));
        var late = await GatherAsync(page, app.Relay.UdpUrl, expired, TurnCredentials.Password(app.Relay.Secret, expired));
        var foreign = await GatherAsync(page, app.Relay.UdpUrl, valid, TurnCredentials.Password("another-secret-0123456789abcdef", valid));
        var tcp = await GatherAsync(page, app.Relay.TcpUrl, valid, TurnCredentials.Password(app.Relay.Secret, valid));
        output.WriteLine($"valid: {ok}; expired: {late}; other secret: {foreign}; valid over TCP: {tcp}");

        Assert.True(ok.Relays > 0 && ok.Errors.Length == 0, $"valid credential: {ok}");
        Assert.True(tcp.Relays > 0, $"valid credential over TCP: {tcp}");
        Assert.True(late.Relays == 0 && late.Errors.Contains(401), $"expired credential: {late}");
        Assert.True(foreign.Relays == 0 && foreign.Errors.Contains(401), $"credential of another secret: {foreign}");
    }

    /// <summary>Gathers relay candidates with one TURN server; reports how many came and the icecandidateerror codes.</summary>
    private static async Task<Gathered> GatherAsync(IPage page, string url, string username, string credential)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            async ([url, username, credential]) => {
              const pc = new RTCPeerConnection({ iceServers: [{ urls: url, username, credential }], iceTransportPolicy: 'relay' });
              const errors = [], relays = [];
              pc.onicecandidateerror = e => errors.push(e.errorCode);
              pc.onicecandidate = e => { if (e.candidate?.type === 'relay') relays.push(e.candidate.relayProtocol ?? ''); };
              pc.addTransceiver('audio');
              await pc.setLocalDescription(await pc.createOffer());
              const deadline = performance.now() + 15000;
              while (pc.iceGatheringState !== 'complete' && performance.now() < deadline) await new Promise(r => setTimeout(r, 50));
              pc.close();
              return { relays: relays.length, protocols: relays, errors };
            }
            """, new[] { url, username, credential });
        return new Gathered(json.GetProperty("relays").GetInt32(),
            [.. json.GetProperty("protocols").EnumerateArray().Select(p => p.GetString() ?? "")],
            [.. json.GetProperty("errors").EnumerateArray().Select(e => e.GetInt32())]);
    }

    private sealed record Gathered(int Relays, string[] Protocols, int[] Errors)
    {
        public override string ToString() => $"{Relays} relay candidates ({string.Join(",", Protocols)}), errors [{string.Join(",", Errors)}]";
    }
}
