using System.Net;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Stun;

public sealed class StunXorAddressTests
{
    private static readonly byte[] TransactionId = Hex.Decode("0102030405060708090a0b0c");

    [Theory]
    [InlineData("127.0.0.1", 1)]
    [InlineData("203.0.113.7", 65535)]
    [InlineData("2001:db8::1", 3478)]
    [InlineData("::", 0)]
    [InlineData("fe80::1:2:3:4", 9)]
    public void WriteThenRead_Address_RoundTrips(string ip, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), port);
        var value = new byte[StunXorAddress.IPv6ValueLength];

        int length = StunXorAddress.Write(value, endPoint, TransactionId);

        Assert.True(StunXorAddress.TryRead(value.AsSpan(0, length), TransactionId, out IPEndPoint? read));
        Assert.Equal(endPoint, read);
    }

    [Fact]
    public void Write_Ipv4MappedIpv6_IsReportedAsIpv4()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.20"), 4000);
        var value = new byte[StunXorAddress.IPv6ValueLength];

        int length = StunXorAddress.Write(value, mapped, TransactionId);

        Assert.Equal(StunXorAddress.IPv4ValueLength, length);
        Assert.True(StunXorAddress.TryRead(value.AsSpan(0, length), TransactionId, out IPEndPoint? read));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.20"), 4000), read);
    }

    [Theory]
    [InlineData("00 03 00 00 01 02 03 04")]                   // unknown family
    [InlineData("00 01 00 00 01 02 03")]                      // IPv4 value one byte short
    [InlineData("00 02 00 00 01 02 03 04")]                   // IPv6 family with an IPv4-sized value
    [InlineData("00 01 00")]                                  // shorter than the fixed part
    public void TryRead_MalformedValue_Rejected(string hex)
    {
        Assert.False(StunXorAddress.TryRead(Hex.Decode(hex), TransactionId, out IPEndPoint? endPoint));
        Assert.Null(endPoint);
    }
}
