using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>
/// Reads one transport-wide feedback packet (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, RTPFB FMT 15)
/// in place, without allocating: <see cref="TryCreate"/> checks the whole packet once, then <see cref="MoveNext"/>
/// yields one result per packet status — its sequence number, whether it arrived, and when. The statuses (chunks) and
/// the receive deltas are two consecutive lists in the FCI, so the reader walks both with one cursor each.
/// This is the hot-path twin of <see cref="TransportWideFeedback.TryParse"/>, which builds lists from it.
/// </summary>
public ref struct TransportWideFeedbackReader
{
    // §3.1: base sequence number(16), packet status count(16), reference time(24), feedback packet count(8).
    private const int FixedFciSize = 8;
    private const int ChunkSize = 2;

    // The chunk layout (§3.1.3 run length, §3.1.4 status vector) is the encoder's: TransportWideFeedback.Chunks.cs.
    private const ushort VectorChunkBit = TransportWideFeedback.VectorChunkBit;
    private const int RunStatusShift = TransportWideFeedback.RunStatusShift;
    private const int MaxRunLength = TransportWideFeedback.MaxRunLength;
    private const ushort TwoBitSymbolsBit = TransportWideFeedback.TwoBitSymbolsBit;
    private const int OneBitCapacity = TransportWideFeedback.OneBitCapacity;
    private const int TwoBitCapacity = TransportWideFeedback.TwoBitCapacity;
    private const int ReservedStatus = 3;

    private readonly ReadOnlySpan<byte> _fci;
    private int _index;
    private int _chunkOffset;
    private int _chunkUsed;
    private int _chunkLength;
    private ushort _chunk;
    private int _deltaOffset;
    private long _ticks;

    private TransportWideFeedbackReader(ReadOnlySpan<byte> fci, uint sender, uint media, int deltaOffset)
    {
        _fci = fci;
        SenderSsrc = sender;
        MediaSsrc = media;
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(fci);
        StatusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        uint timeWord = BinaryPrimitives.ReadUInt32BigEndian(fci[4..]);
        ReferenceTime = (int)timeWord >> 8; // §3.1: signed 24 bits
        FeedbackPacketCount = (byte)timeWord;
        _chunkOffset = FixedFciSize;
        _deltaOffset = deltaOffset;
        _ticks = ReferenceTime * (TransportWideFeedback.ReferenceTimeUnitMicroseconds / TransportWideFeedback.DeltaUnitMicroseconds);
        _index = -1;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first reported packet.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>How many packets the feedback reports on (the packet status count).</summary>
    public int StatusCount { get; }

    /// <summary>Signed 24-bit reference time in multiples of 64 ms.</summary>
    public int ReferenceTime { get; }

    /// <summary>Counter of feedback packets sent, to detect feedback loss.</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>The current packet's transport-wide sequence number.</summary>
    public ushort SequenceNumber { get; private set; }

    /// <summary>The current packet's status.</summary>
    public TwccPacketStatus Status { get; private set; }

    /// <summary>True when the current packet arrived.</summary>
    public readonly bool Received => Status != TwccPacketStatus.NotReceived;

    /// <summary>
    /// The current packet's arrival in µs on the receiver's clock (reference time plus the deltas so far, §3.1.5);
    /// meaningless when it did not arrive.
    /// </summary>
    public readonly long ArrivalMicroseconds => _ticks * TransportWideFeedback.DeltaUnitMicroseconds;

    /// <summary>
    /// Checks one transport-wide feedback packet (RTCP header included): framing, every chunk the status count needs,
    /// and one delta per received packet. False when anything is malformed; then nothing may be read.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> packet, out TransportWideFeedbackReader reader)
    {
        reader = default;
        if (!RtcpFeedbackFraming.TryParse(
                packet, RtcpPacketType.TransportFeedback, RtcpPacketType.TransportWideCcFormat, out uint sender, out uint media, out ReadOnlySpan<byte> fci)
            || fci.Length < FixedFciSize)
        {
            return false;
        }

        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        int offset = FixedFciSize;
        int covered = 0;
        int deltaBytes = 0;
        while (covered < statusCount)
        {
            if (offset + ChunkSize > fci.Length)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[offset..]);
            int length = Math.Min(ChunkLength(chunk), statusCount - covered);
            if (length == 0)
            {
                return false; // §3.1.3: a run of zero packets says nothing; a sender that writes one is broken
            }

            for (int i = 0; i < length; i++)
            {
                int status = StatusAt(chunk, i);
                if (status == ReservedStatus)
                {
                    return false;
                }

                deltaBytes += status; // small delta: 1 byte, large delta: 2 bytes (§3.1.5)
            }

            covered += length;
            offset += ChunkSize;
        }

        if (offset + deltaBytes > fci.Length)
        {
            return false;
        }

        reader = new TransportWideFeedbackReader(fci, sender, media, offset);
        return true;
    }

    /// <summary>Moves to the next reported packet; false after the last one.</summary>
    public bool MoveNext()
    {
        if (_index + 1 >= StatusCount)
        {
            return false;
        }

        _index++;
        if (_chunkUsed == _chunkLength)
        {
            if (_index > 0)
            {
                _chunkOffset += ChunkSize;
            }

            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_fci[_chunkOffset..]);
            _chunkLength = ChunkLength(_chunk);
            _chunkUsed = 0;
        }

        Status = (TwccPacketStatus)StatusAt(_chunk, _chunkUsed++);
        SequenceNumber = (ushort)(BaseSequenceNumber + _index);
        if (Status == TwccPacketStatus.SmallDelta)
        {
            _ticks += _fci[_deltaOffset++];
        }
        else if (Status == TwccPacketStatus.LargeDelta)
        {
            _ticks += BinaryPrimitives.ReadInt16BigEndian(_fci[_deltaOffset..]);
            _deltaOffset += 2;
        }

        return true;
    }

    /// <summary>How many statuses a chunk holds: the run length, or the vector's 14 or 7 symbols.</summary>
    private static int ChunkLength(ushort chunk)
    {
        if ((chunk & VectorChunkBit) == 0)
        {
            return chunk & MaxRunLength;
        }

        return (chunk & TwoBitSymbolsBit) != 0 ? TwoBitCapacity : OneBitCapacity;
    }

    /// <summary>The status (0–3) of symbol <paramref name="index"/> in a chunk.</summary>
    private static int StatusAt(ushort chunk, int index)
    {
        if ((chunk & VectorChunkBit) == 0)
        {
            return chunk >> RunStatusShift & 0x3;
        }

        return (chunk & TwoBitSymbolsBit) != 0
            ? chunk >> (OneBitCapacity - (index + 1) * 2) & 0x3
            : chunk >> (OneBitCapacity - (index + 1)) & 0x1;
    }
}
