using System.Buffers.Binary;
using System.Diagnostics;
using Live.Media.Rtp;

namespace Live.SfuLoad;

/// <summary>
/// One subscriber's receiving side: counts every RTP packet per SSRC from the clear header, and authenticates and
/// decrypts one packet in <c>decryptOneIn</c> with the SRTP keys from its handshake, which also yields the latency
/// sample for that packet.
/// </summary>
public sealed class Subscriber(int decryptOneIn, SendTimes sendTimes, LatencyRecorder latency) : IRtpReceiver
{
    private readonly byte[] _plain = new byte[2048];
    private StreamCounter[] _streams = [];
    private int _untilDecrypt = Random.Shared.Next(decryptOneIn);

    /// <summary>Stopwatch timestamp when subscribing started, and when the first RTP packet arrived (0: none yet).</summary>
    public long StartedAt, FirstRtpAt;

    public long Authenticated, AuthenticationFailures, LatencyMisses;

    public IReadOnlyList<StreamCounter> Streams => Volatile.Read(ref _streams);

    public void OnRtp(PeerTransport transport, Span<byte> packet, long receivedTimestamp)
    {
        if (FirstRtpAt == 0) FirstRtpAt = receivedTimestamp;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        StreamFor(ssrc, sequence).Count(sequence);

        if (--_untilDecrypt > 0 || transport.Inbound is not { } srtp) return;
        _untilDecrypt = decryptOneIn;
        packet.CopyTo(_plain);
        if (!srtp.TryUnprotectRtp(_plain, packet.Length, out int plainLength) || !RtpHeader.TryParse(_plain.AsSpan(0, plainLength), out var header))
        {
            AuthenticationFailures++;
            return;
        }

        Authenticated++;
        var payload = _plain.AsSpan(header.PayloadOffset, header.PayloadLength);
        if (sendTimes.TryGet(SendTimes.KeyOf(payload), out long sentAt))
            latency.Add((receivedTimestamp - sentAt) * 1_000_000 / Stopwatch.Frequency);
        else
            LatencyMisses++;
    }

    private StreamCounter StreamFor(uint ssrc, ushort sequence)
    {
        foreach (var stream in _streams)
            if (stream.Ssrc == ssrc) return stream;
        var added = new StreamCounter(ssrc, (ushort)(sequence - 1));
        Volatile.Write(ref _streams, [.. _streams, added]);
        return added;
    }
}
