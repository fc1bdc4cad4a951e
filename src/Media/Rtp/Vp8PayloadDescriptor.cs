namespace Live.Media.Rtp;

/// <summary>
/// The VP8 payload descriptor at the start of an RTP payload (RFC 7741 §4.2), plus the keyframe flag of the VP8 payload
/// header that follows it (§4.3). The SFU uses it to find the first packet of a keyframe.
/// </summary>
public readonly struct Vp8PayloadDescriptor
{
    // RFC 7741 §4.2: first octet |X|R|N|S|R| PID |.
    private const byte ExtendedBit = 0x80;
    private const byte NonReferenceBit = 0x20;
    private const byte StartOfPartitionBit = 0x10;
    private const byte PartitionIdMask = 0x07;

    // RFC 7741 §4.2: extension octet |I|L|T|K| RSV |.
    private const byte PictureIdPresentBit = 0x80;
    private const byte Tl0PicIdxPresentBit = 0x40;
    private const byte TidPresentBit = 0x20;
    private const byte KeyIdxPresentBit = 0x10;

    // RFC 7741 §4.2: |M| PictureID |, M=1 means a 15-bit picture ID.
    private const byte LongPictureIdBit = 0x80;
    private const byte ShortPictureIdMask = 0x7F;

    // RFC 7741 §4.2: |TID|Y| KEYIDX |.
    private const int TidShift = 6;
    private const byte LayerSyncBit = 0x20;
    private const byte KeyIdxMask = 0x1F;

    // RFC 7741 §4.3: |Size0|H|VER|P|, P = 0 for a key frame.
    private const byte InverseKeyFrameBit = 0x01;

    /// <summary>X: extension octets are present.</summary>
    public bool HasExtension { get; init; }

    /// <summary>N: the frame can be discarded without affecting others.</summary>
    public bool IsNonReference { get; init; }

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool IsStartOfPartition { get; init; }

    /// <summary>PID: the partition index (0–7).</summary>
    public byte PartitionId { get; init; }

    /// <summary>The 7- or 15-bit picture ID, or -1 when absent.</summary>
    public int PictureId { get; init; }

    /// <summary>The picture ID uses the 15-bit form.</summary>
    public bool HasLongPictureId { get; init; }

    /// <summary>TL0PICIDX, or -1 when absent.</summary>
    public int Tl0PicIdx { get; init; }

    /// <summary>The temporal layer index, or -1 when absent.</summary>
    public int TemporalLayerId { get; init; }

    /// <summary>Y: layer sync bit (meaningful only with a TID).</summary>
    public bool IsLayerSync { get; init; }

    /// <summary>KEYIDX, or -1 when absent.</summary>
    public int KeyIdx { get; init; }

    /// <summary>Length of the descriptor; the VP8 payload starts there.</summary>
    public int Length { get; init; }

    /// <summary>The packet starts a frame: S=1 and partition 0.</summary>
    public bool IsStartOfFrame => IsStartOfPartition && PartitionId == 0;

    /// <summary>The packet starts a key frame (start of frame and the payload header's P bit is 0).</summary>
    public bool IsKeyFrame { get; init; }

    /// <summary>Parses the descriptor at the start of <paramref name="payload"/>; false when truncated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        int offset = 1;
        int pictureId = -1, tl0PicIdx = -1, tid = -1, keyIdx = -1;
        bool longPictureId = false, layerSync = false;
        bool extended = (first & ExtendedBit) != 0;
        if (extended)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte ext = payload[offset++];
            if ((ext & PictureIdPresentBit) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                longPictureId = (payload[offset] & LongPictureIdBit) != 0;
                if (longPictureId)
                {
                    if (offset + 2 > payload.Length)
                    {
                        return false;
                    }

                    pictureId = (payload[offset] & ShortPictureIdMask) << 8 | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset++] & ShortPictureIdMask;
                }
            }

            if ((ext & Tl0PicIdxPresentBit) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0PicIdx = payload[offset++];
            }

            if ((ext & (TidPresentBit | KeyIdxPresentBit)) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                byte b = payload[offset++];
                if ((ext & TidPresentBit) != 0)
                {
                    tid = b >> TidShift;
                    layerSync = (b & LayerSyncBit) != 0;
                }

                if ((ext & KeyIdxPresentBit) != 0)
                {
                    keyIdx = b & KeyIdxMask;
                }
            }
        }

        bool start = (first & StartOfPartitionBit) != 0;
        byte partitionId = (byte)(first & PartitionIdMask);
        descriptor = new Vp8PayloadDescriptor
        {
            HasExtension = extended,
            IsNonReference = (first & NonReferenceBit) != 0,
            IsStartOfPartition = start,
            PartitionId = partitionId,
            PictureId = pictureId,
            HasLongPictureId = longPictureId,
            Tl0PicIdx = tl0PicIdx,
            TemporalLayerId = tid,
            IsLayerSync = layerSync,
            KeyIdx = keyIdx,
            Length = offset,
            IsKeyFrame = start && partitionId == 0 && offset < payload.Length && (payload[offset] & InverseKeyFrameBit) == 0,
        };
        return true;
    }
}
