using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class BackroomTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Note_StampedWithSessionClockAndCurrentPrompt()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        await s.Stage.NextPromptAsync(host);
        await Task.Delay(50);
        var note = await s.Backroom.AddNoteAsync(observer, "Scrolled past the gift filter twice");
        Assert.InRange(note.AtMs, 50, 60_000);
        Assert.Equal(0, note.PromptIndex);
        Assert.Equal("First prompt", note.PromptText);
        Assert.Contains((await s.Session.GetViewAsync(host)).Notes!, n => n.Id == note.Id);
    }

    [Fact]
    public async Task Chat_GoesToStaffOnly()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        await s.Backroom.ChatAsync(observer, "Ask about shipping costs");
        var chat = await events.WaitForAsync(e => e.Type == SessionEventTypes.Chat);
        Assert.Equal(Audience.Staff, chat.Audience);
        Assert.Single((await s.Session.GetViewAsync(host)).Chat!);
    }

    [Fact]
    public async Task Backroom_ByGuest_RefusedAndEmpty()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        await Refusal.ExpectAsync("not-staff", () => s.Backroom.ChatAsync(riley, "hello backroom"));
        await Refusal.ExpectAsync("not-staff", () => s.Backroom.AddNoteAsync(riley, "note"));
        var view = await s.Session.GetViewAsync(host);
        Assert.Empty(view.Chat!);
        Assert.Empty(view.Notes!);
        Assert.Null((await s.Session.GetViewAsync(riley)).Chat);
    }

    [Fact]
    public async Task Chat_OversizedOrEmpty_Refused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await Refusal.ExpectAsync("invalid-input", () => s.Backroom.ChatAsync(host, new string('x', SessionLimits.MaxMessageLength + 1)));
        await Refusal.ExpectAsync("invalid-input", () => s.Backroom.ChatAsync(host, ""));
        Assert.Empty((await s.Session.GetViewAsync(host)).Chat!);
    }

    [Fact]
    public async Task ExportNotes_PagedBySkipAndTake_EveryNoteInOrder()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var authors = new[] { host, await s.JoinAsync(Role.Observer, "Omar"), await s.JoinAsync(Role.Observer, "Olga") };
        var taken = new List<BackroomMessage>();
        for (var n = 0; n < 4; n++)
            foreach (var author in authors) taken.Add(await s.Backroom.AddNoteAsync(author, $"note {n} by {author}"));

        var exported = new List<BackroomMessage>();
        for (IReadOnlyList<BackroomMessage> page; (page = await s.Backroom.ExportNotesAsync(exported.Count, 5)).Count > 0;) exported.AddRange(page);

        Assert.Equal(taken.Select(n => (n.Id, n.Text)), exported.Select(n => (n.Id, n.Text)));
        await Refusal.ExpectAsync("invalid-input", () => s.Backroom.ExportNotesAsync(0, 0));
        await Refusal.ExpectAsync("invalid-input", () => s.Backroom.ExportNotesAsync(-1, 10));
        await Refusal.ExpectAsync("invalid-input", () => s.Backroom.ExportNotesAsync(0, SessionLimits.MaxNotesPage + 1));
    }
}
