using Live.Media.Net;

namespace Live.Tests.Unit.Media.Net;

public sealed class PacketClassifierTests
{
    /// <summary>RFC 7983 §7, figure 3, written out independently of the classifier's constants.</summary>
    private static PacketKind ExpectedForFirstByte(int first, byte secondByte) => first switch
    {
        >= 0 and <= 3 => PacketKind.Stun,
        >= 16 and <= 19 => PacketKind.Drop,   // ZRTP: not used here
        >= 20 and <= 63 => PacketKind.Dtls,
        >= 64 and <= 79 => PacketKind.Drop,   // TURN channel: not used here
        >= 128 and <= 191 => (secondByte & 0x7F) is >= 64 and <= 95 ? PacketKind.Rtcp : PacketKind.Rtp,
        _ => PacketKind.Drop,
    };

    public static TheoryData<int> AllFirstBytes()
    {
        var data = new TheoryData<int>();
        for (int b = 0; b < 256; b++)
        {
            data.Add(b);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllFirstBytes))]
    public void Classify_FirstByte_FollowsRfc7983Table(int first)
    {
        var datagram = new byte[64];
        datagram[0] = (byte)first;
        datagram[1] = 96; // a dynamic RTP payload type

        Assert.Equal(ExpectedForFirstByte(first, datagram[1]), PacketClassifier.Classify(datagram));
    }

    // RFC 5761 §4: RTCP SR=200, RR=201, SDES=202, BYE=203, APP=204, RTPFB=205, PSFB=206 sit in 192-223.
    [Theory]
    [InlineData(200, PacketKind.Rtcp)]
    [InlineData(201, PacketKind.Rtcp)]
    [InlineData(205, PacketKind.Rtcp)]
    [InlineData(206, PacketKind.Rtcp)]
    [InlineData(192, PacketKind.Rtcp)] // PT 64 with the marker bit
    [InlineData(223, PacketKind.Rtcp)] // PT 95 with the marker bit
    [InlineData(64, PacketKind.Rtcp)]
    [InlineData(95, PacketKind.Rtcp)]
    [InlineData(63, PacketKind.Rtp)]
    [InlineData(96, PacketKind.Rtp)]
    [InlineData(111, PacketKind.Rtp)] // Opus in Chromium's offers
    [InlineData(224, PacketKind.Rtp)] // PT 96 with the marker bit
    [InlineData(0, PacketKind.Rtp)]
    public void Classify_SecondByte_SplitsRtpFromRtcp(int secondByte, PacketKind expected)
    {
        var datagram = new byte[32];
        datagram[0] = 0x80;
        datagram[1] = (byte)secondByte;

        Assert.Equal(expected, PacketClassifier.Classify(datagram));
    }

    [Theory]
    [InlineData(0x00, 19)] // STUN needs its 20-byte header
    [InlineData(0x16, 12)] // DTLS needs its 13-byte record header
    [InlineData(0x80, 11)] // RTP needs its 12-byte fixed header
    [InlineData(0x81, 7)]  // RTCP needs 8 bytes (with PT 201 below)
    [InlineData(0x80, 1)]
    public void Classify_TooShortForKind_Drops(int first, int length)
    {
        var datagram = new byte[length];
        datagram[0] = (byte)first;
        if (length > 1)
        {
            datagram[1] = first == 0x81 ? (byte)201 : (byte)96;
        }

        Assert.Equal(PacketKind.Drop, PacketClassifier.Classify(datagram));
    }

    [Fact]
    public void Classify_Empty_Drops()
    {
        Assert.Equal(PacketKind.Drop, PacketClassifier.Classify(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Classify_RandomJunk_NeverThrows()
    {
        var random = new Random(7983);
        for (int i = 0; i < 5000; i++)
        {
            var datagram = new byte[random.Next(0, 40)];
            random.NextBytes(datagram);
            PacketKind kind = PacketClassifier.Classify(datagram);
            Assert.True(Enum.IsDefined(kind));
        }
    }
}
