using System.Text.Json;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class FocusGroupFanoutTests(GatewayFixture gateway)
{
    private const int Observers = 50;

    [Fact]
    public async Task PollWithFiftyObservers_TalliesReachObserversAndNothingAboutThemReachesRespondents()
    {
        var session = await gateway.CreateSessionAsync();
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana Host");
        await using var riley = await gateway.JoinAsync(session.Id, Role.Respondent, "Riley Respondent");
        await using var sam = await gateway.JoinAsync(session.Id, Role.Respondent, "Sam Respondent");
        var observers = await Task.WhenAll(Enumerable.Range(0, Observers)
            .Select(i => gateway.JoinAsync(session.Id, Role.Observer, $"Watcher {i:00}")));
        try
        {
            // Lobby: the host sees both respondents waiting and admits them.
            foreach (var guest in new[] { riley, sam })
            {
                await host.WaitForAsync("staffRoster", r => Has(r, guest.Id, "waiting"));
                await host.Connection.InvokeAsync("Admit", guest.Id);
                await guest.WaitForAsync("snapshot", v => v.GetProperty("me").GetProperty("admission").GetString() == "admitted");
            }

            await host.Connection.InvokeAsync("GoLive");
            await host.Connection.InvokeAsync<JsonElement>("NextPrompt");
            await riley.WaitForAsync("prompt", p => p.GetProperty("text").GetString() == "Tell us about your last gift");

            var poll = await host.Connection.InvokeAsync<JsonElement>("OpenPoll", "Which gift page felt most trustworthy?",
                new[] { "Home", "Gift guide", "Product page" }, false, false);
            var pollId = poll.GetProperty("id").GetString()!;
            await riley.WaitForAsync("poll", p => p.GetProperty("id").GetString() == pollId);

            var rileyVote = await riley.Connection.InvokeAsync<JsonElement>("Vote", pollId, new[] { 2 });
            Assert.Equal(2, rileyVote.GetProperty("myChoice")[0].GetInt32());
            await sam.Connection.InvokeAsync<JsonElement>("Vote", pollId, new[] { 1 });
            // A replayed vote changes nothing.
            await sam.Connection.InvokeAsync<JsonElement>("Vote", pollId, new[] { 1 });

            var tallies = await Task.WhenAll(observers.Select(o => o.WaitForAsync("tally",
                t => t.GetProperty("id").GetString() == pollId && t.GetProperty("voters").GetInt32() == 2)));
            Assert.All(tallies, t => Assert.Equal([0, 1, 1], t.GetProperty("tally").EnumerateArray().Select(x => x.GetInt32())));

            // Backroom traffic among observers, which respondents must never see.
            await observers[0].Connection.InvokeAsync<JsonElement>("Chat", "Riley hesitated on the gift guide");
            await observers[1].Connection.InvokeAsync<JsonElement>("AddNote", "Trust comes from reviews");
            await observers[2].Connection.InvokeAsync("React", "🤔");
            await Task.WhenAll(observers.Select(o => o.WaitForAsync("note")));
            await host.WaitForAsync("reactions");
            // A positive signal instead of a fixed wait: the host's next prompt is published after all of that backroom
            // traffic, and the session's events reach each connection in order, so once both respondents hold the prompt
            // anything the backroom leaked to them would already be in what they received.
            await host.Connection.InvokeAsync<JsonElement>("NextPrompt");
            foreach (var guest in new[] { riley, sam })
                await guest.WaitForAsync("prompt", p => p.GetProperty("text").GetString() == "Find a gift under $50");

            // Observers saw the backroom; respondents saw the session but nothing about observers, not even their count.
            Assert.All(observers, o => Assert.Contains(o.Received, e => e.Type == "chat"));
            await host.WaitForAsync("observers", c => c.GetProperty("present").GetInt32() == Observers);
            foreach (var guest in new[] { riley, sam })
            {
                Assert.Contains(guest.Received, e => e.Type == "prompt");
                foreach (var (type, json) in guest.Received)
                {
                    Assert.DoesNotContain("Watcher", json);
                    Assert.DoesNotContain("\"observer\"", json);
                    Assert.All(observers, o => Assert.DoesNotContain(o.Id, json));
                    Assert.NotEqual("chat", type);
                    Assert.NotEqual("note", type);
                    Assert.NotEqual("tally", type);
                    Assert.NotEqual("staffRoster", type);
                    Assert.NotEqual("observers", type);
                    Assert.DoesNotContain("observersPresent", json);
                    Assert.NotEqual("reactions", type);
                }
            }
        }
        finally
        {
            await Task.WhenAll(observers.Select(o => o.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Reconnect_GetsAFreshSnapshot()
    {
        var session = await gateway.CreateSessionAsync();
        var invite = await gateway.InviteAsync(session.Id, Role.Host, "Hana");
        await using var host = await HubParticipant.ConnectAsync(gateway.BaseAddress, invite.Token, invite.ParticipantId, "Hana");
        await host.Connection.InvokeAsync("GoLive");
        await host.Connection.InvokeAsync<JsonElement>("ShowPrompt", "While you were away");
        await host.Connection.StopAsync();

        await using var again = await HubParticipant.ConnectAsync(gateway.BaseAddress, invite.Token, invite.ParticipantId, "Hana");
        var snapshot = await again.WaitForAsync("snapshot");
        Assert.Equal("live", snapshot.GetProperty("phase").GetString());
        Assert.Equal("While you were away", snapshot.GetProperty("prompt").GetProperty("text").GetString());
    }

    private static bool Has(JsonElement roster, string participantId, string admission) =>
        roster.EnumerateArray().Any(r => r.GetProperty("participantId").GetString() == participantId
            && r.GetProperty("admission").GetString() == admission);
}
