using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>
/// Full intra request (RFC 5104 §4.3.1, PSFB FMT 4): asks each listed media sender for a decoder refresh point.
/// The header's media source SSRC is unused (0); the targets are in the FCI entries.
/// </summary>
public sealed class FullIntraRequest : IRtcpPacket
{
    // RFC 5104 §4.3.1.1: SSRC(32), Seq nr.(8), Reserved(24).
    private const int EntrySize = 8;

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; init; }

    /// <summary>RFC 5104 §4.3.1.2: SHALL be 0; kept as received.</summary>
    public uint MediaSsrc { get; init; }

    /// <summary>The targets and command sequence numbers.</summary>
    public IReadOnlyList<FirEntry> Entries { get; init; } = [];

    /// <summary>Parses one FIR packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out FullIntraRequest fir)
    {
        fir = null!;
        if (!RtcpFeedbackFraming.TryParse(
                packet, RtcpPacketType.PayloadSpecificFeedback, RtcpPacketType.FullIntraRequestFormat, out uint sender, out uint media, out ReadOnlySpan<byte> fci)
            || fci.IsEmpty
            || fci.Length % EntrySize != 0)
        {
            return false;
        }

        var entries = new FirEntry[fci.Length / EntrySize];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(fci[(i * EntrySize)..]), fci[i * EntrySize + 4]);
        }

        fir = new FullIntraRequest { SenderSsrc = sender, MediaSsrc = media, Entries = entries };
        return true;
    }

    /// <inheritdoc />
    public int GetSerializedSize() => RtcpFeedbackFraming.FciOffset + Entries.Count * EntrySize;

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int size = GetSerializedSize();
        int offset = RtcpFeedbackFraming.Write(
            destination, RtcpPacketType.PayloadSpecificFeedback, RtcpPacketType.FullIntraRequestFormat, size, SenderSsrc, MediaSsrc);
        foreach (FirEntry entry in Entries)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], entry.Ssrc);
            destination[offset + 4] = entry.SequenceNumber;
            destination.Slice(offset + 5, 3).Clear();
            offset += EntrySize;
        }

        return offset;
    }
}
