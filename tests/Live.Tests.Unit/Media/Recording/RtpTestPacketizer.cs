using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>Test-side packetizers: VP8 per RFC 7741 §4 (extended descriptor with a 15-bit picture ID) and Opus per RFC 7587.</summary>
internal static class RtpTestPacketizer
{
    public const uint VideoSsrc = 0x11223344;
    public const uint AudioSsrc = 0x55667788;

    // RFC 7741 §4.2: X bit, S bit; extension octet I bit; picture ID M bit (15-bit form).
    private const byte ExtendedBit = 0x80;
    private const byte StartBit = 0x10;
    private const byte PictureIdPresent = 0x80;
    private const byte LongPictureId = 0x80;

    /// <summary>One entry per RTP packet with the index of the frame it carries.</summary>
    public static List<(int Frame, byte[] Packet)> PacketizeVp8(
        IReadOnlyList<byte[]> frames, int maxFragment = 1000, ushort firstSequence = 65500, uint firstTimestamp = 0xFFFF0000)
    {
        var packets = new List<(int, byte[])>();
        var builder = new RtpPacketBuilder { PayloadType = 96, Ssrc = VideoSsrc };
        ushort sequence = firstSequence;
        for (int f = 0; f < frames.Count; f++)
        {
            byte[] frame = frames[f];
            int pictureId = f & 0x7FFF;
            for (int offset = 0; offset < frame.Length; offset += maxFragment)
            {
                int length = Math.Min(maxFragment, frame.Length - offset);
                byte[] payload = new byte[4 + length];
                payload[0] = (byte)(ExtendedBit | (offset == 0 ? StartBit : 0));
                payload[1] = PictureIdPresent;
                payload[2] = (byte)(LongPictureId | pictureId >> 8);
                payload[3] = (byte)pictureId;
                frame.AsSpan(offset, length).CopyTo(payload.AsSpan(4));
                builder.SequenceNumber = sequence++;
                builder.Timestamp = firstTimestamp + (uint)(f * (90000 / TestMedia.VideoFps));
                builder.Marker = offset + length == frame.Length;
                builder.Payload = payload;
                var packet = new byte[builder.GetSerializedSize()];
                builder.WriteTo(packet);
                packets.Add((f, packet));
            }
        }

        return packets;
    }

    public static List<byte[]> PacketizeOpus(IReadOnlyList<byte[]> opusPackets, ushort firstSequence = 65000, uint firstTimestamp = 0xFFFFF000)
    {
        var packets = new List<byte[]>();
        var builder = new RtpPacketBuilder { PayloadType = 111, Ssrc = AudioSsrc };
        for (int i = 0; i < opusPackets.Count; i++)
        {
            builder.SequenceNumber = (ushort)(firstSequence + i);
            builder.Timestamp = firstTimestamp + (uint)(i * TestMedia.OpusFrameSamples);
            builder.Marker = i == 0;
            builder.Payload = opusPackets[i];
            var packet = new byte[builder.GetSerializedSize()];
            builder.WriteTo(packet);
            packets.Add(packet);
        }

        return packets;
    }
}
