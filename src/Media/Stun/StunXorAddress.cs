using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Live.Media.Stun;

/// <summary>
/// Encodes and decodes XOR-MAPPED-ADDRESS values (RFC 8489 §14.2): the port XORed with the top half of the magic
/// cookie, the address XORed with the cookie (IPv4) or the cookie followed by the transaction id (IPv6).
/// </summary>
public static class StunXorAddress
{
    // RFC 8489 §14.1: family 0x01 is IPv4, 0x02 is IPv6.
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;
    public const int IPv4Length = 4;
    public const int IPv6Length = 16;

    // Reserved byte, family byte, 16-bit port, then the address.
    private const int FamilyOffset = 1;
    private const int PortOffset = 2;
    private const int AddressOffset = 4;
    public const int IPv4ValueLength = AddressOffset + IPv4Length;
    public const int IPv6ValueLength = AddressOffset + IPv6Length;

    // RFC 8489 §14.2: X-Port is the port XORed with the most significant 16 bits of the magic cookie.
    private const ushort PortXorMask = (ushort)(StunHeader.MagicCookie >> 16);

    public static int GetValueLength(int addressLength) => addressLength switch
    {
        IPv4Length => IPv4ValueLength,
        IPv6Length => IPv6ValueLength,
        _ => throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(addressLength)),
    };

    /// <summary>Writes the attribute value; returns its length (8 or 20).</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> address, ushort port, ReadOnlySpan<byte> transactionId)
    {
        int valueLength = GetValueLength(address.Length);
        Span<byte> value = destination[..valueLength];
        value[0] = 0;
        value[FamilyOffset] = address.Length == IPv4Length ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value[PortOffset..], (ushort)(port ^ PortXorMask));
        Span<byte> mask = stackalloc byte[IPv6Length];
        WriteMask(mask, transactionId);
        for (int i = 0; i < address.Length; i++)
        {
            value[AddressOffset + i] = (byte)(address[i] ^ mask[i]);
        }

        return valueLength;
    }

    /// <summary>Decodes into a caller buffer of at least 16 bytes; false for a bad family or length.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        if (value.Length < AddressOffset || transactionId.Length != StunHeader.TransactionIdLength)
        {
            return false;
        }

        int expected = value[FamilyOffset] switch
        {
            FamilyIPv4 => IPv4Length,
            FamilyIPv6 => IPv6Length,
            _ => 0,
        };
        if (expected == 0 || value.Length != AddressOffset + expected || address.Length < expected)
        {
            return false;
        }

        Span<byte> mask = stackalloc byte[IPv6Length];
        WriteMask(mask, transactionId);
        for (int i = 0; i < expected; i++)
        {
            address[i] = (byte)(value[AddressOffset + i] ^ mask[i]);
        }

        addressLength = expected;
        port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[PortOffset..]) ^ PortXorMask);
        return true;
    }

    /// <summary>Decodes to an <see cref="IPEndPoint"/> (allocates; for tests and the control plane).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        Span<byte> address = stackalloc byte[IPv6Length];
        if (!TryRead(value, transactionId, address, out int length, out ushort port))
        {
            endPoint = null;
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(address[..length]), port);
        return true;
    }

    /// <summary>Writes the value for an endpoint; IPv4-mapped IPv6 addresses are reported as IPv4.</summary>
    public static int Write(Span<byte> destination, IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        IPAddress ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Span<byte> address = stackalloc byte[IPv6Length];
        ip.TryWriteBytes(address, out int length);
        return Write(destination, address[..length], (ushort)endPoint.Port, transactionId);
    }

    public static int GetValueLength(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetwork || endPoint.Address.IsIPv4MappedToIPv6
            ? IPv4ValueLength
            : IPv6ValueLength;

    private static void WriteMask(Span<byte> mask, ReadOnlySpan<byte> transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunHeader.MagicCookie);
        transactionId.CopyTo(mask[sizeof(uint)..]);
    }
}
