using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Rtp;

public class RtpHeaderTests
{
    // V=2 P=1 X=1 CC=1 | M=1 PT=96 | seq 0x1234 | ts 123456 | SSRC 0xDEADBEEF | CSRC 0x01020304
    // | 0xBEDE, 2 words: id 3 len 2 (00 2A), id 2 len 3 (12 34 56), one padding byte | payload AA BB CC | padding 00 00 03
    internal const string OneBytePacketHex =
        "B1E01234 0001E240 DEADBEEF 01020304 BEDE0002 31002A22 12345600 AABBCC 000003";

    // V=2 X=1 | PT=111 | seq 1 | ts 0 | SSRC 1 | 0x1000, 2 words: id 1 len 0, id 20 len 3 (01 02 03), one padding byte | payload FF
    internal const string TwoBytePacketHex = "906F0001 00000000 00000001 10000002 01001403 01020300 FF";

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void TryParse_OneBytePacket_ReadsEveryField()
    {
        byte[] bytes = Hex(OneBytePacketHex);

        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));
        RtpHeader h = packet.Header;
        Assert.Equal(2, h.Version);
        Assert.True(h.HasPadding);
        Assert.True(h.HasExtension);
        Assert.Equal(1, h.CsrcCount);
        Assert.True(h.Marker);
        Assert.Equal(96, h.PayloadType);
        Assert.Equal(0x1234, h.SequenceNumber);
        Assert.Equal(123456u, h.Timestamp);
        Assert.Equal(0xDEADBEEFu, h.Ssrc);
        Assert.Equal(0x01020304u, packet.GetCsrc(0));
        Assert.Equal(RtpExtensionProfile.OneByte, h.ExtensionProfile);
        Assert.True(h.HasOneByteExtensions);
        Assert.Equal(28, h.PayloadOffset);
        Assert.Equal(3, h.PaddingLength);
        Assert.Equal(Hex("AABBCC"), packet.Payload.ToArray());
    }

    [Fact]
    public void Extensions_OneBytePacket_YieldsElementsSkippingPadding()
    {
        byte[] bytes = Hex(OneBytePacketHex);
        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));

        var elements = new List<(byte Id, string Data)>();
        foreach (RtpHeaderExtension e in packet.Extensions)
        {
            elements.Add((e.Id, Convert.ToHexString(e.Data)));
        }

        Assert.Equal([(3, "002A"), (2, "123456")], elements);
        Assert.True(packet.TryGetExtension(2, out ReadOnlySpan<byte> abs));
        Assert.Equal("123456", Convert.ToHexString(abs));
        Assert.False(packet.TryGetExtension(4, out _));
    }

    [Fact]
    public void Extensions_TwoBytePacket_YieldsEmptyAndLongIds()
    {
        byte[] bytes = Hex(TwoBytePacketHex);
        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));
        Assert.True(packet.Header.HasTwoByteExtensions);

        var elements = new List<(byte Id, string Data)>();
        foreach (RtpHeaderExtension e in packet.Extensions)
        {
            elements.Add((e.Id, Convert.ToHexString(e.Data)));
        }

        Assert.Equal([(1, ""), (20, "010203")], elements);
        Assert.Equal([0xFF], packet.Payload.ToArray());
        Assert.Equal(0, packet.Header.PaddingLength);
    }

    [Fact]
    public void Extensions_UnknownProfile_YieldsNothing()
    {
        byte[] bytes = Hex("90600001 00000000 00000001 ABCD0001 31002A00");
        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));

        int count = 0;
        foreach (RtpHeaderExtension _ in packet.Extensions)
        {
            count++;
        }

        Assert.Equal(0, count);
        Assert.Equal(4, packet.ExtensionData.Length);
    }

    [Fact]
    public void Extensions_OneByteStopId_EndsEnumeration()
    {
        // id 1 len 1, then ID 15 which RFC 8285 §4.2 says stops processing, then what would look like id 2.
        byte[] bytes = Hex("90600001 00000000 00000001 BEDE0001 10AAF020");
        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));

        var ids = new List<byte>();
        foreach (RtpHeaderExtension e in packet.Extensions)
        {
            ids.Add(e.Id);
        }

        Assert.Equal([(byte)1], ids);
    }

    [Theory]
    [InlineData(OneBytePacketHex)]
    [InlineData(TwoBytePacketHex)]
    [InlineData("80000000 00000000 00000000")]
    public void Builder_FromParsedFields_WritesIdenticalBytes(string hex)
    {
        byte[] bytes = Hex(hex);
        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));

        RtpPacketBuilder builder = RtpTestPackets.ToBuilder(packet);
        var written = new byte[builder.GetSerializedSize()];
        int length = builder.WriteTo(written);

        Assert.Equal(bytes.Length, length);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(written));
    }

    [Fact]
    public void Builder_LargeExtensionId_UsesTwoByteForm()
    {
        var builder = new RtpPacketBuilder { PayloadType = 100, SequenceNumber = 7, Ssrc = 9, Payload = new byte[] { 1 } };
        builder.AddExtension(1, [0x11]);
        builder.AddExtension(200, new byte[20]);
        var bytes = new byte[builder.GetSerializedSize()];
        builder.WriteTo(bytes);

        Assert.True(RtpPacket.TryParse(bytes, out RtpPacket packet));
        Assert.True(packet.Header.HasTwoByteExtensions);
        Assert.True(packet.TryGetExtension(200, out ReadOnlySpan<byte> data));
        Assert.Equal(20, data.Length);
        Assert.True(packet.TryGetExtension(1, out data));
        Assert.Equal([0x11], data.ToArray());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("80600001 00000000 000000", "11 bytes")]
    [InlineData("40600001 00000000 00000001", "version 1")]
    [InlineData("C0600001 00000000 00000001", "version 3")]
    [InlineData("82600001 00000000 00000001 00000001", "CC=2 but one CSRC")]
    [InlineData("90600001 00000000 00000001 BEDE", "truncated extension header")]
    [InlineData("90600001 00000000 00000001 BEDE0002 10AA0000", "extension longer than the packet")]
    [InlineData("A0600001 00000000 00000001", "padding bit without a count octet")]
    [InlineData("A0600001 00000000 00000001 AA00", "padding count 0")]
    [InlineData("A0600001 00000000 00000001 AA03", "padding count past the header")]
    public void TryParse_Malformed_ReturnsFalse(string hex, string reason)
    {
        Assert.False(RtpHeader.TryParse(Hex(hex), out _), reason);
    }
}
