using Microsoft.AspNetCore.SignalR;

namespace Live.Bench.PlainHub;

/// <summary>
/// The hub the load client talks to in place of Live's: a connection names its room and role in the query string
/// (<c>?room=…&amp;role=observer&amp;participant=…</c>; not <c>id</c>, which SignalR reserves for its connection token), joins the room's groups and gets a snapshot; methods answer from memory.
/// </summary>
public sealed class PlainSessionHub(PlainRooms rooms) : Hub
{
    public static string Everyone(string room) => $"{room}:everyone";
    public static string Staff(string room) => $"{room}:staff";

    private string Room => (string)Context.Items["room"]!;
    private string Me => (string)Context.Items["id"]!;

    public override async Task OnConnectedAsync()
    {
        var query = Context.GetHttpContext()!.Request.Query;
        var room = query["room"].ToString();
        var role = query["role"].ToString();
        Context.Items["room"] = room;
        Context.Items["id"] = query["participant"].ToString() is { Length: > 0 } id ? id : Context.ConnectionId;
        await Groups.AddToGroupAsync(Context.ConnectionId, Everyone(room));
        if (role is "host" or "observer") await Groups.AddToGroupAsync(Context.ConnectionId, Staff(room));
        await Clients.Caller.SendAsync("Event", "snapshot", GetSnapshot());
    }

    public object GetSnapshot() => new { sessionId = Room, phase = "live", polls = rooms.Get(Room).Polls() };

    public async Task<PollView> OpenPoll(string question, string[] options, bool multiple, bool observersMayVote)
    {
        var poll = rooms.Get(Room).Open(question, options, multiple, observersMayVote);
        // Live sends the public poll to everyone and the tally to staff when a poll opens.
        await Clients.Group(Everyone(Room)).SendAsync("Event", "poll", poll with { Tally = null, Voters = 0 });
        await Clients.Group(Staff(Room)).SendAsync("Event", "tally", poll);
        return poll;
    }

    public PollView Vote(string pollId, int[] choice) =>
        rooms.Get(Room).Vote(Me, pollId, choice) ?? throw new HubException("invalid-input: There is no such poll or option.");

    public void React(string reaction) => rooms.Get(Room).React(reaction);
}
