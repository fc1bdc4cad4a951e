using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Gateway.Hubs;
using Live.Tests.Fuzz;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// The hub's message parser (<see cref="SizeLimitedHubProtocol"/> over SignalR's JSON protocol, with the gateway's JSON
/// options) under <see cref="FuzzEngine"/>, bound to <see cref="SessionHub"/>'s real method signatures. A malformed
/// frame may end in <see cref="InvalidDataException"/>, SignalR's protocol error (it closes that one connection); any
/// other exception, or an allocation beyond the bound, is a failure. Seeds: <c>TestData/Fuzz/hub</c>.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class HubMessageFuzzTests
{
    [Fact]
    public void HubMessages_GeneratedInputs_NoCrashNoUnboundedAllocation()
    {
        var json = new JsonHubProtocolOptions();
        json.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        var protocol = new SizeLimitedHubProtocol(new JsonHubProtocol(Options.Create(json)));
        var binder = new SessionHubBinder();

        var engine = new FuzzEngine("hub", FuzzEngine.Corpus("hub"), input =>
        {
            var sequence = new ReadOnlySequence<byte>(input);
            var parsed = false;
            while (protocol.TryParseMessage(ref sequence, binder, out var message))
            {
                parsed = true;
                if (message is InvocationBindingFailureMessage failure && failure.BindingFailure.SourceException is null)
                    throw new InvalidOperationException("a binding failure without a reason");
            }
            return parsed;
        }, expected: ex => ex is InvalidDataException);

        var result = engine.Run(FuzzEngine.Inputs(), FuzzEngine.Seed);
        Assert.Empty(result.Crashes);
        Assert.Equal(0, result.OverAllocating);
        Assert.True(result.Accepted > result.Inputs / 100, $"only {result.Accepted} of {result.Inputs} inputs parsed");
    }

    /// <summary>Binds targets as the gateway does: to <see cref="SessionHub"/>'s public methods; an unknown one fails binding.</summary>
    private sealed class SessionHubBinder : IInvocationBinder
    {
        private static readonly Dictionary<string, MethodInfo> Methods = typeof(SessionHub)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync"))
            .ToDictionary(m => m.Name);

        public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
            Methods.TryGetValue(methodName, out var method)
                ? [.. method.GetParameters().Select(p => p.ParameterType)]
                : throw new HubException($"Unknown hub method '{methodName}'");

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
