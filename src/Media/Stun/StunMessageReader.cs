using System.Buffers.Binary;

namespace Live.Media.Stun;

/// <summary>
/// A validated, allocation-free view over one STUN message in a datagram. <see cref="TryParse(ReadOnlySpan{byte}, out StunMessageReader)"/>
/// checks the header and the framing of every attribute once; lookups then walk the bytes in place.
/// </summary>
public readonly ref struct StunMessageReader
{
    public const int NotPresent = -1;

    private StunMessageReader(ReadOnlySpan<byte> raw, StunMessageType type, int integrityOffset, int fingerprintOffset)
    {
        Raw = raw;
        Type = type;
        MessageIntegrityOffset = integrityOffset;
        FingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message: header plus body, exactly as received.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    public StunMessageType Type { get; }

    public ReadOnlySpan<byte> TransactionIdBytes =>
        Raw.Slice(StunHeader.TransactionIdOffset, StunHeader.TransactionIdLength);

    public StunTransactionId TransactionId => StunTransactionId.Read(TransactionIdBytes);

    /// <summary>Offset of the first MESSAGE-INTEGRITY attribute header, or <see cref="NotPresent"/>.</summary>
    public int MessageIntegrityOffset { get; }

    /// <summary>Offset of the FINGERPRINT attribute header, or <see cref="NotPresent"/>.</summary>
    public int FingerprintOffset { get; }

    public bool HasMessageIntegrity => MessageIntegrityOffset != NotPresent;

    public bool HasFingerprint => FingerprintOffset != NotPresent;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessageReader reader) =>
        TryParse(datagram, out reader, out _);

    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessageReader reader, out StunParseError error)
    {
        reader = default;
        error = ValidateHeader(datagram, out StunMessageType type);
        if (error != StunParseError.None)
        {
            return false;
        }

        error = ValidateAttributes(datagram, out int integrityOffset, out int fingerprintOffset);
        if (error != StunParseError.None)
        {
            return false;
        }

        reader = new StunMessageReader(datagram, type, integrityOffset, fingerprintOffset);
        return true;
    }

    /// <summary>
    /// The value of the first attribute of this type. Attributes after MESSAGE-INTEGRITY are not visible except
    /// FINGERPRINT and MESSAGE-INTEGRITY-SHA256, because RFC 8489 §14.5 says receivers MUST ignore them.
    /// </summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        bool visibleAfterIntegrity = type.IsVisibleAfterMessageIntegrity();
        foreach (StunAttributeView attribute in this)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }

            if (attribute.Type == StunAttributeType.MessageIntegrity && !visibleAfterIntegrity)
            {
                break;
            }
        }

        value = default;
        return false;
    }

    public bool HasAttribute(StunAttributeType type) => TryGetAttribute(type, out _);

    public bool TryGetUInt32(StunAttributeType type, out uint value)
    {
        if (TryGetAttribute(type, out ReadOnlySpan<byte> raw) && raw.Length == sizeof(uint))
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(raw);
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        if (TryGetAttribute(type, out ReadOnlySpan<byte> raw) && raw.Length == sizeof(ulong))
        {
            value = BinaryPrimitives.ReadUInt64BigEndian(raw);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Every attribute in wire order, including any that follow MESSAGE-INTEGRITY.</summary>
    public Enumerator GetEnumerator() => new(Raw);

    private static StunParseError ValidateHeader(ReadOnlySpan<byte> datagram, out StunMessageType type)
    {
        type = default;
        if (datagram.Length < StunHeader.Length)
        {
            return StunParseError.TooShort;
        }

        if (!StunMessageType.TryFromWire(BinaryPrimitives.ReadUInt16BigEndian(datagram), out type))
        {
            return StunParseError.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[StunHeader.MagicCookieOffset..]) != StunHeader.MagicCookie)
        {
            return StunParseError.BadMagicCookie;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[StunHeader.LengthOffset..]);
        if (bodyLength % StunHeader.Alignment != 0)
        {
            return StunParseError.LengthNotAligned;
        }

        return StunHeader.Length + bodyLength == datagram.Length ? StunParseError.None : StunParseError.LengthMismatch;
    }

    private static StunParseError ValidateAttributes(ReadOnlySpan<byte> message, out int integrityOffset, out int fingerprintOffset)
    {
        integrityOffset = NotPresent;
        fingerprintOffset = NotPresent;
        int offset = StunHeader.Length;
        while (offset < message.Length)
        {
            if (fingerprintOffset != NotPresent)
            {
                return StunParseError.FingerprintNotLast;
            }

            if (message.Length - offset < StunHeader.AttributeHeaderLength)
            {
                return StunParseError.AttributeOverrun;
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            int paddedEnd = offset + StunHeader.AttributeHeaderLength + StunHeader.Pad(valueLength);
            if (paddedEnd > message.Length)
            {
                return StunParseError.AttributeOverrun;
            }

            if (type == StunAttributeType.MessageIntegrity && integrityOffset == NotPresent)
            {
                if (valueLength != StunMessageIntegrity.HmacLength)
                {
                    return StunParseError.BadAttributeLength;
                }

                integrityOffset = offset;
            }
            else if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != StunFingerprint.ValueLength)
                {
                    return StunParseError.BadAttributeLength;
                }

                fingerprintOffset = offset;
            }

            offset = paddedEnd;
        }

        return StunParseError.None;
    }

    /// <summary>Walks attributes of an already validated message.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _message;
        private int _next;

        internal Enumerator(ReadOnlySpan<byte> message)
        {
            _message = message;
            _next = message.IsEmpty ? 0 : StunHeader.Length;
            Current = default;
        }

        public StunAttributeView Current { get; private set; }

        public bool MoveNext()
        {
            if (_next == 0 || _next >= _message.Length)
            {
                return false;
            }

            int offset = _next;
            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            int valueStart = offset + StunHeader.AttributeHeaderLength;
            int paddedLength = StunHeader.Pad(valueLength);
            Current = new StunAttributeView(
                type,
                _message.Slice(valueStart, valueLength),
                _message.Slice(valueStart + valueLength, paddedLength - valueLength),
                offset);
            _next = valueStart + paddedLength;
            return true;
        }
    }
}
