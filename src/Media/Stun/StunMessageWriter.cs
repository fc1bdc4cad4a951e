using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Live.Media.Stun;

/// <summary>
/// Builds a STUN message in a caller buffer without allocating. Each attribute keeps the header length field
/// current, so MESSAGE-INTEGRITY and FINGERPRINT, appended last, hash exactly what RFC 8489 §14.5 and §14.7 say.
/// Running out of buffer is a programming error and throws.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, StunMessageType type, StunTransactionId transactionId)
    {
        if (buffer.Length < StunHeader.Length)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type.ToWire());
        BinaryPrimitives.WriteUInt32BigEndian(buffer[StunHeader.MagicCookieOffset..], StunHeader.MagicCookie);
        transactionId.WriteTo(buffer[StunHeader.TransactionIdOffset..]);
        _length = StunHeader.Length;
        UpdateLengthField();
    }

    /// <summary>Bytes written so far; the message is complete after any Add call.</summary>
    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>The transaction id as written in the header (for XOR-MAPPED-ADDRESS).</summary>
    public readonly ReadOnlySpan<byte> TransactionIdBytes =>
        _buffer.Slice(StunHeader.TransactionIdOffset, StunHeader.TransactionIdLength);

    /// <summary>Appends an attribute; <paramref name="padding"/> (0-3 bytes) is written if given, zeros otherwise.</summary>
    public void AddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value, scoped ReadOnlySpan<byte> padding = default)
    {
        Span<byte> slot = BeginAttribute(type, value.Length);
        value.CopyTo(slot);
        if (!padding.IsEmpty)
        {
            if (padding.Length != StunHeader.Pad(value.Length) - value.Length)
            {
                throw new ArgumentException("Padding must bring the value to a 32-bit boundary.", nameof(padding));
            }

            padding.CopyTo(_buffer[(_length - padding.Length).._length]);
        }
    }

    /// <summary>Appends a UTF-8 text attribute such as USERNAME, SOFTWARE, REALM or NONCE.</summary>
    public void AddText(StunAttributeType type, scoped ReadOnlySpan<char> text)
    {
        Span<byte> slot = BeginAttribute(type, Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, slot);
    }

    /// <summary>Appends a text attribute that is already UTF-8.</summary>
    public void AddUtf8(StunAttributeType type, scoped ReadOnlySpan<byte> utf8) => AddAttribute(type, utf8);

    /// <summary>Appends a 32-bit attribute such as PRIORITY.</summary>
    public void AddUInt32(StunAttributeType type, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(BeginAttribute(type, sizeof(uint)), value);

    /// <summary>Appends a 64-bit attribute such as ICE-CONTROLLING or ICE-CONTROLLED.</summary>
    public void AddUInt64(StunAttributeType type, ulong value) =>
        BinaryPrimitives.WriteUInt64BigEndian(BeginAttribute(type, sizeof(ulong)), value);

    /// <summary>Appends an empty attribute such as USE-CANDIDATE.</summary>
    public void AddFlag(StunAttributeType type) => BeginAttribute(type, 0);

    public void AddXorMappedAddress(scoped ReadOnlySpan<byte> address, ushort port)
    {
        Span<byte> slot = BeginAttribute(StunAttributeType.XorMappedAddress, StunXorAddress.GetValueLength(address.Length));
        StunXorAddress.Write(slot, address, port, TransactionIdBytes);
    }

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        Span<byte> slot = BeginAttribute(StunAttributeType.XorMappedAddress, StunXorAddress.GetValueLength(endPoint));
        StunXorAddress.Write(slot, endPoint, TransactionIdBytes);
    }

    /// <summary>Appends ERROR-CODE; with no reason given, the standard phrase for the code.</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<char> reason = default)
    {
        if (reason.IsEmpty)
        {
            reason = StunErrorCode.DefaultReason(code);
        }

        Span<byte> slot = BeginAttribute(StunAttributeType.ErrorCode, StunErrorCode.GetValueLength(reason));
        StunErrorCode.Write(slot, code, reason);
    }

    /// <summary>Appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): a list of 16-bit attribute types.</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        Span<byte> slot = BeginAttribute(StunAttributeType.UnknownAttributes, types.Length * sizeof(ushort));
        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(slot[(i * sizeof(ushort))..], types[i]);
        }
    }

    /// <summary>Appends MESSAGE-INTEGRITY keyed with a short-term password or long-term key.</summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        int prefixLength = _length;
        Span<byte> slot = BeginAttribute(StunAttributeType.MessageIntegrity, StunMessageIntegrity.HmacLength);
        StunMessageIntegrity.Compute(_buffer[..prefixLength], key, slot);
    }

    /// <summary>Appends FINGERPRINT; it must be the last attribute.</summary>
    public void AddFingerprint()
    {
        int prefixLength = _length;
        Span<byte> slot = BeginAttribute(StunAttributeType.Fingerprint, StunFingerprint.ValueLength);
        BinaryPrimitives.WriteUInt32BigEndian(slot, StunFingerprint.Compute(_buffer[..prefixLength]));
    }

    /// <summary>
    /// Writes the attribute header and zero padding, grows the length field to cover the attribute, and returns the
    /// value slot. Integrity and fingerprint rely on the length field being updated before they hash.
    /// </summary>
    private Span<byte> BeginAttribute(StunAttributeType type, int valueLength)
    {
        if (valueLength > ushort.MaxValue)
        {
            throw new ArgumentException("A STUN attribute value is at most 65535 bytes.", nameof(valueLength));
        }

        int paddedLength = StunHeader.Pad(valueLength);
        int end = _length + StunHeader.AttributeHeaderLength + paddedLength;
        if (end > _buffer.Length || end - StunHeader.Length > StunHeader.MaxBodyLength)
        {
            throw new ArgumentException("The STUN message does not fit in the buffer.");
        }

        Span<byte> header = _buffer[_length..];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)valueLength);
        int valueStart = _length + StunHeader.AttributeHeaderLength;
        _buffer[(valueStart + valueLength)..end].Clear();
        _length = end;
        UpdateLengthField();
        return _buffer.Slice(valueStart, valueLength);
    }

    private readonly void UpdateLengthField() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[StunHeader.LengthOffset..], (ushort)(_length - StunHeader.Length));
}
