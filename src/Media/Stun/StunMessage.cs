using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Live.Media.Stun;

/// <summary>
/// A STUN message as an object: type, transaction id and an ordered list of attributes, for the control plane and
/// tests. It round-trips bytes exactly; the hot path uses <see cref="StunMessageReader"/> and
/// <see cref="StunMessageWriter"/> instead, which never allocate.
/// </summary>
public sealed class StunMessage
{
    public StunMessage(StunMessageType type, StunTransactionId transactionId)
    {
        Type = type;
        TransactionId = transactionId;
    }

    public StunMessageType Type { get; }

    public StunTransactionId TransactionId { get; }

    /// <summary>Attributes in wire order, MESSAGE-INTEGRITY and FINGERPRINT included when parsed.</summary>
    public List<StunAttribute> Attributes { get; } = [];

    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out StunMessage? message) =>
        TryParse(datagram, out message, out _);

    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out StunMessage? message, out StunParseError error)
    {
        if (!StunMessageReader.TryParse(datagram, out StunMessageReader reader, out error))
        {
            message = null;
            return false;
        }

        message = new StunMessage(reader.Type, reader.TransactionId);
        foreach (StunAttributeView attribute in reader)
        {
            message.Attributes.Add(new StunAttribute(attribute.Type, attribute.Value, attribute.Padding));
        }

        return true;
    }

    /// <summary>Verifies MESSAGE-INTEGRITY on the bytes as received (see <see cref="StunMessageIntegrity"/>).</summary>
    public static bool VerifyIntegrity(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> key) => StunMessageIntegrity.Verify(raw, key);

    /// <summary>Verifies FINGERPRINT on the bytes as received (see <see cref="StunFingerprint"/>).</summary>
    public static bool VerifyFingerprint(ReadOnlySpan<byte> raw) => StunFingerprint.Verify(raw);

    public int GetSerializedSize()
    {
        int size = StunHeader.Length;
        foreach (StunAttribute attribute in Attributes)
        {
            size += attribute.SerializedSize;
        }

        return size;
    }

    /// <summary>Writes the header and the attributes exactly as held, without adding integrity or fingerprint.</summary>
    public int WriteTo(Span<byte> destination) => WriteHeaderAndAttributes(destination).Length;

    /// <summary>Size when written with <see cref="WriteTo(Span{byte}, ReadOnlySpan{byte}, bool)"/>.</summary>
    public int GetSerializedSize(bool withIntegrity, bool withFingerprint) =>
        GetSerializedSize()
        + (withIntegrity ? StunMessageIntegrity.AttributeLength : 0)
        + (withFingerprint ? StunFingerprint.AttributeLength : 0);

    /// <summary>
    /// Writes the attributes, then MESSAGE-INTEGRITY keyed with <paramref name="integrityKey"/> (skipped when
    /// empty) and FINGERPRINT when asked. The held attributes should not already contain either.
    /// </summary>
    public int WriteTo(Span<byte> destination, ReadOnlySpan<byte> integrityKey, bool appendFingerprint)
    {
        StunMessageWriter writer = WriteHeaderAndAttributes(destination);
        if (!integrityKey.IsEmpty)
        {
            writer.AddMessageIntegrity(integrityKey);
        }

        if (appendFingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.Length;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[GetSerializedSize()];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>
    /// The first attribute of this type, ignoring those after MESSAGE-INTEGRITY other than FINGERPRINT and
    /// MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.5).
    /// </summary>
    public StunAttribute? GetAttribute(StunAttributeType type)
    {
        bool visibleAfterIntegrity = type.IsVisibleAfterMessageIntegrity();
        foreach (StunAttribute attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                return attribute;
            }

            if (attribute.Type == StunAttributeType.MessageIntegrity && !visibleAfterIntegrity)
            {
                return null;
            }
        }

        return null;
    }

    public string? GetText(StunAttributeType type) => GetAttribute(type)?.GetText();

    public bool TryGetUInt32(StunAttributeType type, out uint value)
    {
        ReadOnlyMemory<byte> raw = GetAttribute(type)?.Value ?? default;
        value = raw.Length == sizeof(uint) ? BinaryPrimitives.ReadUInt32BigEndian(raw.Span) : 0;
        return raw.Length == sizeof(uint);
    }

    public bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        ReadOnlyMemory<byte> raw = GetAttribute(type)?.Value ?? default;
        value = raw.Length == sizeof(ulong) ? BinaryPrimitives.ReadUInt64BigEndian(raw.Span) : 0;
        return raw.Length == sizeof(ulong);
    }

    public bool TryGetXorMappedAddress([NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        StunAttribute? attribute = GetAttribute(StunAttributeType.XorMappedAddress);
        if (attribute is null)
        {
            return false;
        }

        Span<byte> transactionId = stackalloc byte[StunHeader.TransactionIdLength];
        TransactionId.WriteTo(transactionId);
        return StunXorAddress.TryRead(attribute.Value.Span, transactionId, out endPoint);
    }

    public bool TryGetErrorCode(out int code, out string reason)
    {
        reason = string.Empty;
        StunAttribute? attribute = GetAttribute(StunAttributeType.ErrorCode);
        if (attribute is null || !StunErrorCode.TryRead(attribute.Value.Span, out code, out ReadOnlySpan<byte> utf8))
        {
            code = 0;
            return false;
        }

        reason = System.Text.Encoding.UTF8.GetString(utf8);
        return true;
    }

    public override string ToString() => $"{Type} {TransactionId} [{string.Join(", ", Attributes)}]";

    private StunMessageWriter WriteHeaderAndAttributes(Span<byte> destination)
    {
        var writer = new StunMessageWriter(destination, Type, TransactionId);
        foreach (StunAttribute attribute in Attributes)
        {
            writer.AddAttribute(attribute.Type, attribute.Value.Span, attribute.Padding.Span);
        }

        return writer;
    }
}
