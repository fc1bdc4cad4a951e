namespace Live.Media.Srtp;

/// <summary>
/// RFC 3711 §3.3.1 / Appendix A: guesses the 48-bit packet index (ROC · 2^16 + SEQ) from a 16-bit sequence
/// number, the stream's rollover counter and the highest sequence number seen, so that packets reordered
/// across a 65535→0 wrap in either direction get the rollover counter they were sent with.
/// </summary>
internal static class SrtpIndexEstimator
{
    // RFC 3711 Appendix A: half the sequence space decides whether a gap is forward or backward.
    private const int HalfSequenceSpace = 32768;

    /// <summary>
    /// Guesses the ROC for <paramref name="sequence"/>. False when the guess would be ROC − 1 while ROC is 0
    /// (a packet from before the stream began), which has no valid index.
    /// </summary>
    public static bool TryGuessRoc(uint roc, ushort highestSequence, ushort sequence, out uint guessedRoc)
    {
        if (highestSequence < HalfSequenceSpace)
        {
            if (sequence - highestSequence > HalfSequenceSpace)
            {
                guessedRoc = roc - 1;
                return roc != 0;
            }
        }
        else if (highestSequence - HalfSequenceSpace > sequence)
        {
            guessedRoc = roc + 1;
            return roc != uint.MaxValue;
        }

        guessedRoc = roc;
        return true;
    }

    /// <summary>The 48-bit index for a sequence number under a given ROC (RFC 3711 §3.3.1: i = 2^16 · ROC + SEQ).</summary>
    public static ulong ToIndex(uint roc, ushort sequence) => ((ulong)roc << 16) | sequence;

    /// <summary>
    /// After a packet with <paramref name="guessedRoc"/> is authenticated, advances ROC and the highest sequence
    /// number as RFC 3711 §3.3.1 prescribes (only ever forwards).
    /// </summary>
    public static void Update(ref uint roc, ref ushort highestSequence, uint guessedRoc, ushort sequence)
    {
        if (guessedRoc == roc + 1 && roc != uint.MaxValue)
        {
            roc = guessedRoc;
            highestSequence = sequence;
        }
        else if (guessedRoc == roc && sequence > highestSequence)
        {
            highestSequence = sequence;
        }
    }
}
