using Live.Gateway.Fanout;
using Live.Gateway.Hubs;
using Live.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// The gateway's event routing must not wait for browsers: Orleans hands a client object its calls one at a time, so
/// an event that waited for the slowest socket held every later event of every session (seconds at 1,000 observers).
/// </summary>
[Trait("Category", "Gateway")]
public sealed class SessionFanoutTests
{
    [Fact]
    public async Task OnEvent_DeliveryStillPending_ReturnsAndRoutesTheNextEventInOrder()
    {
        var hub = new RecordingHubContext();
        var fanout = new SessionFanout(null!, hub, new ConnectionRegistry(), NullLogger<SessionFanout>.Instance);

        var first = fanout.OnEventAsync(new SessionEvent("s1", Audience.Everyone, SessionEventTypes.Poll, "first"));
        var second = fanout.OnEventAsync(new SessionEvent("s1", Audience.Staff, SessionEventTypes.Tally, "second"));

        Assert.True(first.IsCompletedSuccessfully, "the first event's call waited for its delivery");
        Assert.True(second.IsCompletedSuccessfully, "the second event's call waited for its delivery");
        Assert.Equal(["s1:everyone poll first", "s1:staff tally second"], hub.Sent);
        hub.FailDeliveries(new IOException("socket closed"));
        await Task.WhenAll(first, second);
    }

    /// <summary>A hub context whose group sends are recorded in call order and stay pending until told otherwise.</summary>
    private sealed class RecordingHubContext : IHubContext<SessionHub, ISessionClient>
    {
        private readonly RecordingClients _clients = new();

        public List<string> Sent => _clients.Sent;

        public void FailDeliveries(Exception ex) => _clients.Delivered.SetException(ex);

        public IHubClients<ISessionClient> Clients => _clients;
        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class RecordingClients : IHubClients<ISessionClient>
    {
        public TaskCompletionSource Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> Sent { get; } = [];

        public ISessionClient Group(string groupName) => new PendingClient(this, groupName);
        public ISessionClient All => throw new NotSupportedException();
        public ISessionClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public ISessionClient Client(string connectionId) => throw new NotSupportedException();
        public ISessionClient Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();
        public ISessionClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public ISessionClient Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();
        public ISessionClient User(string userId) => throw new NotSupportedException();
        public ISessionClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class PendingClient(RecordingClients owner, string group) : ISessionClient
    {
        public Task Event(string type, object? data)
        {
            owner.Sent.Add($"{group} {type} {data}");
            return owner.Delivered.Task;
        }
    }
}
