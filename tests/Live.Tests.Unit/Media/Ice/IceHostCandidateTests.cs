using System.Net;
using Live.Media.Ice;

namespace Live.Tests.Unit.Media.Ice;

public sealed class IceHostCandidateTests
{
    [Fact]
    public void Priority_HostComponent1_Is2130706431()
    {
        // RFC 8445 §5.1.2.1: 2^24 * 126 + 2^8 * 65535 + (256 - 1).
        Assert.Equal((126u << 24) + (65535u << 8) + 255u, IceCandidatePriority.Host());
        Assert.Equal(2130706431u, IceCandidatePriority.Host());
    }

    [Theory]
    [InlineData(0, 0, 256, 0u)]
    [InlineData(126, 65535, 2, 2130706430u)]
    [InlineData(100, 1, 1, (100u << 24) + 256u + 255u)]
    public void Compute_Formula_MatchesRfc8445(int typePreference, int localPreference, int componentId, uint expected)
    {
        Assert.Equal(expected, IceCandidatePriority.Compute(typePreference, localPreference, componentId));
    }

    [Theory]
    [InlineData(127, 0, 1)]
    [InlineData(0, 65536, 1)]
    [InlineData(0, 0, 0)]
    [InlineData(0, 0, 257)]
    public void Compute_OutOfRange_Throws(int typePreference, int localPreference, int componentId)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidatePriority.Compute(typePreference, localPreference, componentId));
    }

    [Fact]
    public void ToSdpValue_Ipv4_IsRfc8839CandidateAttributeValue()
    {
        var candidate = new IceHostCandidate("1", IPAddress.Parse("192.0.2.1"), 40000);

        Assert.Equal("candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host", candidate.ToSdpValue());
    }

    [Fact]
    public void ToSdpValue_TcpPassive_IsRfc6544CandidateWithLowerPriority()
    {
        var candidate = new IceHostCandidate("2", IPAddress.Parse("192.0.2.1"), 40000, isTcpPassive: true);

        Assert.Equal("candidate:2 1 tcp 2124414975 192.0.2.1 40000 typ host tcptype passive", candidate.ToSdpValue());
        Assert.True(candidate.Priority < IceCandidatePriority.Host());
    }

    [Fact]
    public void ToSdpValue_Ipv6AndMappedIpv4_UseBareAddressForms()
    {
        Assert.Equal(
            "candidate:abc 1 udp 2130706431 2001:db8::1 3478 typ host",
            new IceHostCandidate("abc", IPAddress.Parse("2001:db8::1"), 3478).ToSdpValue());
        Assert.Equal(
            "candidate:x 1 udp 2130706431 198.51.100.2 5000 typ host",
            new IceHostCandidate("x", IPAddress.Parse("::ffff:198.51.100.2"), 5000).ToSdpValue());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("0123456789012345678901234567890123")]
    public void Constructor_BadFoundation_Throws(string foundation)
    {
        Assert.Throws<ArgumentException>(() => new IceHostCandidate(foundation, IPAddress.Loopback, 1));
    }
}
