using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Prometheus;

namespace Live.Gateway.Hubs;

/// <summary>
/// The hub's JSON protocol with a per-message limit that answers instead of hanging up: a call whose message is over
/// <see cref="MaxMessageBytes"/> (but within the transport's ceiling, <see cref="TransportCeilingBytes"/>) is refused
/// with the error <c>message-too-large</c>, counted, and the connection stays open. Only a message over the ceiling
/// still closes the connection (SignalR cannot skip what it cannot buffer). A frame that is not a hub message at all
/// (bad JSON, a number out of range, a string where an object belongs) is SignalR's protocol error: it is counted
/// (<c>reason="malformed"</c>) and always surfaces as <see cref="InvalidDataException"/>, never as whatever the JSON
/// reader happened to throw (the fuzzer found <see cref="FormatException"/> and <see cref="InvalidOperationException"/>).
/// </summary>
public sealed class SizeLimitedHubProtocol(IHubProtocol inner) : IHubProtocol
{
    /// <summary>Largest hub message accepted; the biggest legitimate one (a poll or a product card) is a few KiB.</summary>
    public const int MaxMessageBytes = 32 * 1024;

    /// <summary>Largest message buffered at all (SignalR's MaximumReceiveMessageSize): four times the limit.</summary>
    public const int TransportCeilingBytes = 4 * MaxMessageBytes;

    private const byte RecordSeparator = 0x1e;

    public static readonly Counter Refused = Metrics.CreateCounter(
        "live_hub_messages_refused_total", "Hub messages refused before reaching a hub method, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    /// <summary>Publishes both reasons at zero when the gateway starts (see <see cref="Limits.RefusalMetrics.Publish"/>).</summary>
    public static void PublishMetrics()
    {
        Refused.WithLabels(MalformedReason).Publish();
        Refused.WithLabels(TooLargeReason).Publish();
    }

    private const string MalformedReason = "malformed";
    private const string TooLargeReason = "message-too-large";

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var end = input.PositionOf(RecordSeparator);
        var size = end is { } e ? input.Slice(0, e).Length : input.Length;
        try
        {
            if (!inner.TryParseMessage(ref input, binder, out message)) return false;
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException or OverflowException or System.Text.Json.JsonException)
        {
            Refused.WithLabels(MalformedReason).Inc();
            throw ex as InvalidDataException ?? new InvalidDataException("The hub message is malformed.", ex);
        }
        if (size <= MaxMessageBytes) return true;
        Refused.WithLabels(TooLargeReason).Inc();
        var error = ExceptionDispatchInfo.Capture(new HubException(
            $"message-too-large: A hub message is at most {MaxMessageBytes / 1024} KiB; this one has {size / 1024} KiB."));
        message = message switch
        {
            InvocationMessage call => new InvocationBindingFailureMessage(call.InvocationId, call.Target, error),
            InvocationBindingFailureMessage failed => new InvocationBindingFailureMessage(failed.InvocationId, failed.Target, error),
            _ => message,
        };
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
}
