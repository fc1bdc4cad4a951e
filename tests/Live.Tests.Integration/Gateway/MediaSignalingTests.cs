using System.Text.Json;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Gateway;

/// <summary>Media signaling through the hub refuses what it must, with a clear reason, and changes nothing.</summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class MediaSignalingTests(GatewayFixture gateway)
{
    private static object Offer(string sdp, object? publish = null, object? subscribe = null) =>
        new { sdp, publish = publish ?? new Dictionary<string, string>(), subscribe = subscribe ?? new Dictionary<string, string>() };

    [Fact]
    public async Task MalformedSdp_RefusedWithReasonAndCounted()
    {
        var session = await gateway.CreateSessionAsync();
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        var before = await RefusedNegotiationsAsync();

        foreach (var sdp in new[] { "", "hello", "v=0\r\nm=video banana\r\n", new string('a', 70_000)[..30_000] })
        {
            var ex = await Assert.ThrowsAsync<HubException>(() => host.Connection.InvokeAsync<JsonElement>("Negotiate", Offer(sdp)));
            Assert.Contains("HubException: invalid-sdp:", ex.Message);
        }
        Assert.Equal(before + 4, await RefusedNegotiationsAsync());
        var snapshot = await host.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.Equal(0, snapshot.GetProperty("tracks").GetArrayLength());
    }

    [Fact]
    public async Task ObserverPublishing_Refused()
    {
        var session = await gateway.CreateSessionAsync();
        await using var observer = await gateway.JoinAsync(session.Id, Role.Observer, "Omar");
        var ex = await Assert.ThrowsAsync<HubException>(() =>
            observer.Connection.InvokeAsync<JsonElement>("Negotiate", Offer("v=0", publish: new Dictionary<string, string> { ["0"] = "camera" })));
        Assert.Contains("HubException: observer-silent:", ex.Message);
    }

    [Fact]
    public async Task GuestInLobby_CannotUseMedia()
    {
        var session = await gateway.CreateSessionAsync();
        await using var riley = await gateway.JoinAsync(session.Id, Role.Respondent, "Riley");
        var ex = await Assert.ThrowsAsync<HubException>(() => riley.Connection.InvokeAsync<JsonElement>("Negotiate", Offer("v=0")));
        Assert.Contains("HubException: not-admitted:", ex.Message);
    }

    [Fact]
    public async Task UnknownTrack_AnsweredInactiveUntilPublished()
    {
        // After a media router moves, subscribers often offer before the publishers are back: such a section is
        // answered inactive (not refused), and the next track list subscribes it.
        var session = await gateway.CreateSessionAsync();
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        var offer = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-recvonly.sdp"));
        var mid = offer.Split("\r\n").First(l => l.StartsWith("a=mid:"))["a=mid:".Length..];
        var answer = await host.Connection.InvokeAsync<JsonElement>("Negotiate", Offer(offer, subscribe: new Dictionary<string, string> { [mid] = "nobody:camera" }));
        var section = answer.GetProperty("sdp").GetString()!.Split("m=").Single(m => m.Contains($"a=mid:{mid}\r\n"));
        Assert.Contains("a=inactive", section);
        Assert.True(answer.GetProperty("epoch").GetInt64() > 0);
    }

    private async Task<double> RefusedNegotiationsAsync()
    {
        using var http = new HttpClient { BaseAddress = gateway.ManagementAddress };
        var metrics = await http.GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("live_hub_calls_total{method=\"Negotiate\",result=\"refused\"}"));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
