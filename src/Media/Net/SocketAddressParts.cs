using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Live.Media.Net;

/// <summary>
/// Reads the IP address and port out of a raw <see cref="SocketAddress"/> without allocating an
/// <see cref="IPEndPoint"/>. Uses the sockaddr_in / sockaddr_in6 layout, identical on Linux, Windows and macOS for
/// these fields: port at offset 2 (network order), IPv4 address at 4, IPv6 address at 8.
/// </summary>
public static class SocketAddressParts
{
    public const int IPv4Length = 4;
    public const int IPv6Length = 16;

    private const int PortOffset = 2;
    private const int IPv4AddressOffset = 4;
    private const int IPv6AddressOffset = 8;

    // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d, ten zero bytes then two 0xFF bytes.
    private const int MappedPrefixZeroBytes = 10;

    /// <summary>
    /// Copies the address (4 or 16 bytes) into <paramref name="address"/>; IPv4-mapped IPv6 addresses from
    /// dual-mode sockets come out as the 4-byte IPv4 address.
    /// </summary>
    public static bool TryGetAddress(SocketAddress socketAddress, Span<byte> address, out int addressLength, out ushort port)
    {
        ReadOnlySpan<byte> raw = socketAddress.Buffer.Span[..socketAddress.Size];
        addressLength = 0;
        port = 0;
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when raw.Length >= IPv4AddressOffset + IPv4Length && address.Length >= IPv4Length:
                raw.Slice(IPv4AddressOffset, IPv4Length).CopyTo(address);
                addressLength = IPv4Length;
                break;
            case AddressFamily.InterNetworkV6 when raw.Length >= IPv6AddressOffset + IPv6Length && address.Length >= IPv4Length:
                ReadOnlySpan<byte> v6 = raw.Slice(IPv6AddressOffset, IPv6Length);
                if (IsIPv4Mapped(v6))
                {
                    v6[(IPv6Length - IPv4Length)..].CopyTo(address);
                    addressLength = IPv4Length;
                }
                else if (address.Length >= IPv6Length)
                {
                    v6.CopyTo(address);
                    addressLength = IPv6Length;
                }
                else
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        port = BinaryPrimitives.ReadUInt16BigEndian(raw[PortOffset..]);
        return true;
    }

    /// <summary>The same as an <see cref="IPEndPoint"/> (allocates; for logging and the control plane).</summary>
    public static IPEndPoint ToIPEndPoint(SocketAddress socketAddress)
    {
        Span<byte> address = stackalloc byte[IPv6Length];
        if (!TryGetAddress(socketAddress, address, out int length, out ushort port))
        {
            throw new ArgumentException($"Not an IP socket address: {socketAddress.Family}.", nameof(socketAddress));
        }

        return new IPEndPoint(new IPAddress(address[..length]), port);
    }

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> v6) =>
        !v6[..MappedPrefixZeroBytes].ContainsAnyExcept((byte)0)
        && v6[MappedPrefixZeroBytes] == 0xFF
        && v6[MappedPrefixZeroBytes + 1] == 0xFF;
}
