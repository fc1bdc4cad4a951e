using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, RTPFB FMT 15):
/// the arrival status and time of a range of transport-wide sequence numbers, sent by the receiver for bandwidth estimation.
/// </summary>
public sealed partial class TransportWideFeedback : IRtcpPacket
{
    // §3.1: base sequence number(16), packet status count(16), reference time(24), feedback packet count(8).
    private const int FixedFciSize = 8;
    private const int ChunkSize = 2;

    /// <summary>§3.1: the reference time is a signed 24-bit count of 64 ms.</summary>
    public const long ReferenceTimeUnitMicroseconds = 64_000;

    /// <summary>§3.1.5: receive deltas count 250 µs.</summary>
    public const long DeltaUnitMicroseconds = 250;

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; init; }

    /// <summary>SSRC of the media source (libwebrtc puts the first media SSRC seen).</summary>
    public uint MediaSsrc { get; init; }

    /// <summary>Transport-wide sequence number of the first reported packet.</summary>
    public ushort BaseSequenceNumber { get; init; }

    /// <summary>Signed 24-bit reference time in multiples of 64 ms.</summary>
    public int ReferenceTime { get; init; }

    /// <summary>Counter of feedback packets sent, to detect feedback loss.</summary>
    public byte FeedbackPacketCount { get; init; }

    /// <summary>One status per packet from <see cref="BaseSequenceNumber"/> on (the packet status count).</summary>
    public IReadOnlyList<TwccPacketStatus> Statuses { get; init; } = [];

    /// <summary>One receive delta in 250 µs units per received packet, in order.</summary>
    public IReadOnlyList<short> ReceiveDeltas { get; init; } = [];

    /// <summary>
    /// Parses one transport-wide feedback packet (header included) into lists. Allocates; the send path reads feedback
    /// with <see cref="TransportWideFeedbackReader"/> instead, which this decodes through.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportWideFeedback feedback)
    {
        feedback = null!;
        if (!TransportWideFeedbackReader.TryCreate(packet, out TransportWideFeedbackReader reader))
        {
            return false;
        }

        var statuses = new List<TwccPacketStatus>(reader.StatusCount);
        var deltas = new List<short>();
        long previousTicks = reader.ReferenceTime * (ReferenceTimeUnitMicroseconds / DeltaUnitMicroseconds);
        while (reader.MoveNext())
        {
            statuses.Add(reader.Status);
            if (reader.Received)
            {
                long ticks = reader.ArrivalMicroseconds / DeltaUnitMicroseconds;
                deltas.Add((short)(ticks - previousTicks));
                previousTicks = ticks;
            }
        }

        feedback = new TransportWideFeedback
        {
            SenderSsrc = reader.SenderSsrc,
            MediaSsrc = reader.MediaSsrc,
            BaseSequenceNumber = reader.BaseSequenceNumber,
            ReferenceTime = reader.ReferenceTime,
            FeedbackPacketCount = reader.FeedbackPacketCount,
            Statuses = statuses,
            ReceiveDeltas = deltas,
        };
        return true;
    }

    /// <summary>
    /// Builds feedback for consecutive sequence numbers from <paramref name="baseSequenceNumber"/>, one arrival time
    /// (µs, receiver clock) per packet or null when lost. Throws when two arrivals are more than ±8.19 s apart.
    /// </summary>
    public static TransportWideFeedback FromArrivals(
        uint senderSsrc, uint mediaSsrc, byte feedbackPacketCount, ushort baseSequenceNumber, IReadOnlyList<long?> arrivalMicroseconds)
    {
        long? first = arrivalMicroseconds.FirstOrDefault(a => a.HasValue);
        long referenceUnits = first.HasValue ? Math.DivRem(first.Value, ReferenceTimeUnitMicroseconds).Quotient : 0;
        int referenceTime = (int)((referenceUnits << 40) >> 40);
        long previousTicks = referenceUnits * (ReferenceTimeUnitMicroseconds / DeltaUnitMicroseconds);
        var statuses = new TwccPacketStatus[arrivalMicroseconds.Count];
        var deltas = new List<short>();
        for (int i = 0; i < statuses.Length; i++)
        {
            if (arrivalMicroseconds[i] is not long arrival)
            {
                continue;
            }

            long ticks = (long)Math.Floor(arrival / (double)DeltaUnitMicroseconds);
            long delta = ticks - previousTicks;
            if (delta is < short.MinValue or > short.MaxValue)
            {
                throw new ArgumentException($"Arrival {i} is {delta * DeltaUnitMicroseconds} µs from the previous one; split the feedback.", nameof(arrivalMicroseconds));
            }

            statuses[i] = delta is >= 0 and <= byte.MaxValue ? TwccPacketStatus.SmallDelta : TwccPacketStatus.LargeDelta;
            deltas.Add((short)delta);
            previousTicks = ticks;
        }

        return new TransportWideFeedback
        {
            SenderSsrc = senderSsrc,
            MediaSsrc = mediaSsrc,
            BaseSequenceNumber = baseSequenceNumber,
            ReferenceTime = referenceTime,
            FeedbackPacketCount = feedbackPacketCount,
            Statuses = statuses,
            ReceiveDeltas = deltas,
        };
    }

    /// <summary>The received packets with their arrival times (µs) rebuilt from the reference time and the deltas.</summary>
    public List<TwccReceivedPacket> GetReceivedPackets()
    {
        var received = new List<TwccReceivedPacket>(ReceiveDeltas.Count);
        long ticks = ReferenceTime * (ReferenceTimeUnitMicroseconds / DeltaUnitMicroseconds);
        int deltaIndex = 0;
        for (int i = 0; i < Statuses.Count; i++)
        {
            if (Statuses[i] == TwccPacketStatus.NotReceived)
            {
                continue;
            }

            ticks += ReceiveDeltas[deltaIndex++];
            received.Add(new TwccReceivedPacket((ushort)(BaseSequenceNumber + i), ticks * DeltaUnitMicroseconds));
        }

        return received;
    }

    /// <inheritdoc />
    public int GetSerializedSize() => GetSerializedSize(Statuses.ToArray());

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination) => Write(
        destination, SenderSsrc, MediaSsrc, BaseSequenceNumber, ReferenceTime, FeedbackPacketCount, Statuses.ToArray(), ReceiveDeltas.ToArray());

    /// <summary>The padded size of a feedback packet carrying <paramref name="statuses"/>; allocates nothing.</summary>
    public static int GetSerializedSize(ReadOnlySpan<TwccPacketStatus> statuses) => RtcpFraming.AlignTo4(GetUnpaddedSize(statuses));

    /// <summary>
    /// Writes one feedback packet without allocating: one status per sequence number from <paramref name="baseSequenceNumber"/>,
    /// one delta (250 µs units) per received packet. <paramref name="referenceTime"/> is truncated to its 24 bits. Throws when the
    /// deltas do not match the statuses (a caller's bug, never network input).
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber, int referenceTime,
        byte feedbackPacketCount, ReadOnlySpan<TwccPacketStatus> statuses, ReadOnlySpan<short> receiveDeltas)
    {
        ValidateDeltas(statuses, receiveDeltas);
        int unpadded = GetUnpaddedSize(statuses);
        int size = RtcpFraming.AlignTo4(unpadded);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The feedback needs {size} bytes.", nameof(destination));
        }

        int offset = RtcpFeedbackFraming.Write(
            destination, RtcpPacketType.TransportFeedback, RtcpPacketType.TransportWideCcFormat, size, senderSsrc, mediaSsrc, size != unpadded);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)statuses.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], (uint)referenceTime << 8 | feedbackPacketCount);
        offset += FixedFciSize;
        for (int i = 0; i < statuses.Length;)
        {
            i += NextChunk(statuses, i, out ushort chunk);
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], chunk);
            offset += ChunkSize;
        }

        int deltaIndex = 0;
        foreach (TwccPacketStatus status in statuses)
        {
            if (status == TwccPacketStatus.SmallDelta)
            {
                destination[offset++] = (byte)receiveDeltas[deltaIndex++];
            }
            else if (status == TwccPacketStatus.LargeDelta)
            {
                BinaryPrimitives.WriteInt16BigEndian(destination[offset..], receiveDeltas[deltaIndex++]);
                offset += 2;
            }
        }

        if (size != unpadded)
        {
            // RFC 3550 §6.4.1 padding: zeros, then the padding length in the last octet.
            destination[offset..size].Clear();
            destination[size - 1] = (byte)(size - unpadded);
        }

        return size;
    }

    private static int GetUnpaddedSize(ReadOnlySpan<TwccPacketStatus> statuses)
    {
        int deltaBytes = 0;
        foreach (TwccPacketStatus status in statuses)
        {
            deltaBytes += status switch { TwccPacketStatus.SmallDelta => 1, TwccPacketStatus.LargeDelta => 2, _ => 0 };
        }

        int chunks = 0;
        for (int i = 0; i < statuses.Length; chunks++)
        {
            i += NextChunk(statuses, i, out _);
        }

        return RtcpFeedbackFraming.FciOffset + FixedFciSize + chunks * ChunkSize + deltaBytes;
    }

    private static void ValidateDeltas(ReadOnlySpan<TwccPacketStatus> statuses, ReadOnlySpan<short> receiveDeltas)
    {
        if (statuses.Length > ushort.MaxValue)
        {
            throw new InvalidOperationException("At most 65535 packet statuses fit in one feedback.");
        }

        int deltaIndex = 0;
        foreach (TwccPacketStatus status in statuses)
        {
            if (status == TwccPacketStatus.NotReceived)
            {
                continue;
            }

            if (deltaIndex >= receiveDeltas.Length)
            {
                throw new InvalidOperationException("Every received packet needs a receive delta.");
            }

            short delta = receiveDeltas[deltaIndex++];
            if (status == TwccPacketStatus.SmallDelta && delta is < 0 or > byte.MaxValue)
            {
                throw new InvalidOperationException($"Delta {delta} does not fit a small delta.");
            }
        }

        if (deltaIndex != receiveDeltas.Length)
        {
            throw new InvalidOperationException("There are more receive deltas than received packets.");
        }
    }
}
