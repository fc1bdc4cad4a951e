using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Live.Media.Ice;

/// <summary>
/// One of the SFU's host candidates: the address browsers should send to (the bound address, or an advertised one when
/// behind Kubernetes or NAT 1:1), UDP or RFC 6544 passive TCP, and its SDP form.
/// </summary>
public sealed record IceHostCandidate
{
    // RFC 8839 §5.1: foundation is 1*32 ice-char.
    public const int MaxFoundationLength = 32;

    public IceHostCandidate(string foundation, IPAddress address, int port, int componentId = IceCandidatePriority.RtpComponentId,
        bool isTcpPassive = false)
    {
        if (string.IsNullOrEmpty(foundation) || foundation.Length > MaxFoundationLength
            || !IceCredentials.AreIceChars(foundation))
        {
            throw new ArgumentException("A foundation is 1-32 ice-chars (RFC 8839 §5.1).", nameof(foundation));
        }

        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("A candidate address is IPv4 or IPv6.", nameof(address));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        Foundation = foundation;
        Address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Port = port;
        ComponentId = componentId;
        IsTcpPassive = isTcpPassive;
        Priority = isTcpPassive ? IceCandidatePriority.HostTcpPassive(componentId) : IceCandidatePriority.Host(componentId);
    }

    public string Foundation { get; }

    public IPAddress Address { get; }

    public int Port { get; }

    public int ComponentId { get; }

    public uint Priority { get; }

    /// <summary>True for the TCP candidate that accepts connections (RFC 6544 §4.5, tcptype passive), false for UDP.</summary>
    public bool IsTcpPassive { get; }

    /// <summary>
    /// The value of the SDP candidate attribute (RFC 8839 §5.1, RFC 6544 §4.5), e.g.
    /// <c>candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host</c>; the SDP line is <c>a=</c> followed by this.
    /// </summary>
    public string ToSdpValue() => IsTcpPassive
        ? string.Create(CultureInfo.InvariantCulture, $"candidate:{Foundation} {ComponentId} tcp {Priority} {Address} {Port} typ host tcptype passive")
        : string.Create(CultureInfo.InvariantCulture, $"candidate:{Foundation} {ComponentId} udp {Priority} {Address} {Port} typ host");

    public override string ToString() => ToSdpValue();
}
