using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>A browser stand-in: one SignalR connection with a join token, keeping every event exactly as received (raw JSON).</summary>
public sealed class HubParticipant : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Type, string Json)> _received = new();

    private HubParticipant(HubConnection connection, string id, string name)
    {
        Connection = connection;
        Id = id;
        Name = name;
        connection.On<string, JsonElement>("Event", (type, data) => _received.Enqueue((type, data.GetRawText())));
    }

    public HubConnection Connection { get; }
    public string Id { get; }
    public string Name { get; }

    /// <summary>Every event received so far, in order.</summary>
    public IReadOnlyList<(string Type, string Json)> Received => [.. _received];

    public static HubConnection Build(Uri baseAddress, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/session"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();

    public static async Task<HubParticipant> ConnectAsync(Uri baseAddress, string token, string id, string name)
    {
        var participant = new HubParticipant(Build(baseAddress, token), id, name);
        await participant.Connection.StartAsync();
        await participant.WaitForAsync("snapshot");
        return participant;
    }

    /// <summary>Waits for an event of <paramref name="type"/> whose JSON satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string type, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (t, json) in _received)
            {
                if (t != type) continue;
                var element = JsonDocument.Parse(json).RootElement;
                if (match is null || match(element)) return element;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"{Name} did not receive the expected '{type}' event.");
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
