using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Live.SfuLoad;

/// <summary>
/// When the publisher sent each recent packet, keyed by its payload (the last 8 payload bytes and the length): both
/// servers rewrite SSRC, sequence number and header extensions but forward the payload as it is, so a subscriber that
/// decrypts a packet finds its send time here and the difference is the latency the server added (plus loopback).
/// </summary>
public sealed class SendTimes
{
    // About 20 s of the clip's ~200 packets/s: longer than any packet spends in flight.
    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<ulong, long> _sentAt = new();
    private readonly ulong[] _ring = new ulong[Capacity];
    private int _next;

    /// <summary>A payload's key; 0 when the payload is too short to tell packets apart.</summary>
    public static ulong KeyOf(ReadOnlySpan<byte> payload) =>
        payload.Length < 8 ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(payload[^8..]) ^ ((ulong)payload.Length << 52);

    /// <summary>Called by the publisher's one sending loop only.</summary>
    public void Record(ulong key, long timestamp)
    {
        if (key == 0) return;
        _sentAt.TryRemove(_ring[_next], out _);
        _ring[_next] = key;
        _next = (_next + 1) % Capacity;
        _sentAt[key] = timestamp;
    }

    public bool TryGet(ulong key, out long timestamp) => _sentAt.TryGetValue(key, out timestamp);
}
