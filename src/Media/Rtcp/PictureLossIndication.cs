namespace Live.Media.Rtcp;

/// <summary>Picture loss indication (RFC 4585 §6.3.1, PSFB FMT 1): asks the media sender for a new key frame. It has no FCI.</summary>
public sealed class PictureLossIndication : IRtcpPacket
{
    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; init; }

    /// <summary>SSRC of the media source that should send a key frame.</summary>
    public uint MediaSsrc { get; init; }

    /// <summary>Parses one PLI packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        pli = null!;
        if (!RtcpFeedbackFraming.TryParse(
                packet, RtcpPacketType.PayloadSpecificFeedback, RtcpPacketType.PictureLossFormat, out uint sender, out uint media, out ReadOnlySpan<byte> fci)
            || !fci.IsEmpty)
        {
            return false;
        }

        pli = new PictureLossIndication { SenderSsrc = sender, MediaSsrc = media };
        return true;
    }

    /// <inheritdoc />
    public int GetSerializedSize() => RtcpFeedbackFraming.FciOffset;

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination) => RtcpFeedbackFraming.Write(
        destination, RtcpPacketType.PayloadSpecificFeedback, RtcpPacketType.PictureLossFormat, GetSerializedSize(), SenderSsrc, MediaSsrc);
}
