namespace Live.Media.Rtcp;

/// <content>Packet status chunk encoding (decoding: <see cref="TransportWideFeedbackReader"/>) (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.3, §3.1.4).</content>
public sealed partial class TransportWideFeedback
{
    // The chunk layout, shared with the decoder (TransportWideFeedbackReader).
    // §3.1.3: run length chunk |T=0|S(2)|run length(13)|.
    internal const ushort VectorChunkBit = 0x8000;
    internal const int RunStatusShift = 13;
    internal const int MaxRunLength = 0x1FFF;

    // §3.1.4: status vector chunk |T=1|S|symbol list(14)|; S=0 gives 14 one-bit symbols, S=1 seven two-bit symbols.
    internal const ushort TwoBitSymbolsBit = 0x4000;
    internal const int OneBitCapacity = 14;
    internal const int TwoBitCapacity = 7;

    /// <summary>
    /// Greedy chunking, one chunk from status <paramref name="start"/> on; returns how many statuses it covers. Long runs
    /// become run length chunks, stretches without large deltas one-bit vectors (14 packets), the rest two-bit vectors (7).
    /// </summary>
    private static int NextChunk(ReadOnlySpan<TwccPacketStatus> statuses, int start, out ushort chunk)
    {
        int remaining = statuses.Length - start;
        int run = 1;
        while (run < remaining && run < MaxRunLength && statuses[start + run] == statuses[start])
        {
            run++;
        }

        bool fitsOneBit = true;
        for (int j = start; j < start + Math.Min(OneBitCapacity, remaining); j++)
        {
            fitsOneBit &= statuses[j] != TwccPacketStatus.LargeDelta;
        }

        if (run >= OneBitCapacity || run == remaining || (!fitsOneBit && run >= TwoBitCapacity))
        {
            chunk = (ushort)((int)statuses[start] << RunStatusShift | run);
            return run;
        }

        if (fitsOneBit)
        {
            chunk = EncodeVector(statuses, start, OneBitCapacity, 1);
            return Math.Min(OneBitCapacity, remaining);
        }

        chunk = EncodeVector(statuses, start, TwoBitCapacity, 2);
        return Math.Min(TwoBitCapacity, remaining);
    }

    private static ushort EncodeVector(ReadOnlySpan<TwccPacketStatus> statuses, int start, int capacity, int bits)
    {
        int chunk = VectorChunkBit | (bits == 2 ? TwoBitSymbolsBit : 0);
        for (int k = 0; k < capacity && start + k < statuses.Length; k++)
        {
            chunk |= (int)statuses[start + k] << (OneBitCapacity - (k + 1) * bits);
        }

        return (ushort)chunk;
    }
}
