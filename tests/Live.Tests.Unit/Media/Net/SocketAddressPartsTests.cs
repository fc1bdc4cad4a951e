using System.Net;
using Live.Media.Net;

namespace Live.Tests.Unit.Media.Net;

public sealed class SocketAddressPartsTests
{
    [Theory]
    [InlineData("192.0.2.1", 32853, 4)]
    [InlineData("2001:db8::7", 443, 16)]
    [InlineData("::ffff:198.51.100.3", 5000, 4)]
    public void TryGetAddress_SerializedEndPoint_ReturnsAddressAndPort(string ip, int port, int expectedLength)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), port);
        SocketAddress socketAddress = endPoint.Serialize();
        Span<byte> address = stackalloc byte[16];

        Assert.True(SocketAddressParts.TryGetAddress(socketAddress, address, out int length, out ushort readPort));

        Assert.Equal(expectedLength, length);
        Assert.Equal(port, readPort);
        IPAddress expected = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Assert.Equal(expected, new IPAddress(address[..length]));
        Assert.Equal(new IPEndPoint(expected, port), SocketAddressParts.ToIPEndPoint(socketAddress));
    }
}
