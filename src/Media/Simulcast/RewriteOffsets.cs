namespace Live.Media.Simulcast;

/// <summary>
/// What one switch epoch adds to a layer's own numbering to make it the consumer's: sequence number (mod 2^16),
/// timestamp (mod 2^32), PictureID (mod 2^15, RFC 7741 §4.2) and TL0PICIDX (mod 2^8). Kept per forwarded packet so a
/// retransmission, read back from the layer's history in the layer's numbering, is rewritten exactly as first sent.
/// </summary>
public readonly record struct RewriteOffsets(ushort Sequence, uint Timestamp, int PictureId, int Tl0PicIdx)
{
    public ushort ApplySequence(ushort sequence) => (ushort)(sequence + Sequence);

    public uint ApplyTimestamp(uint timestamp) => timestamp + Timestamp;

    /// <summary>The consumer's PictureID in the 15-bit space, or -1 when the packet carries none.</summary>
    public int ApplyPictureId(int pictureId) =>
        pictureId < 0 ? -1 : (pictureId + PictureId) & Vp8PictureIdRewriter.LongPictureIdMask;

    /// <summary>The consumer's TL0PICIDX, or -1 when the packet carries none.</summary>
    public int ApplyTl0PicIdx(int tl0PicIdx) => tl0PicIdx < 0 ? -1 : (tl0PicIdx + Tl0PicIdx) & 0xFF;
}
