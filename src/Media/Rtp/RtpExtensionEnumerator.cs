namespace Live.Media.Rtp;

/// <summary>
/// Walks the elements of an RFC 8285 one-byte or two-byte header extension block without allocating.
/// Stops quietly at a malformed element, and yields nothing for other extension profiles.
/// </summary>
public ref struct RtpExtensionEnumerator
{
    // RFC 8285 §4.2: one-byte element header is ID(4 bits) L(4 bits) with length L+1.
    private const int OneByteIdShift = 4;
    private const byte OneByteLengthMask = 0x0F;
    private const byte OneByteStopId = 15;

    // RFC 8285 §4.2/§4.3: an ID of 0 is a single padding byte in both forms.
    private const byte PaddingId = 0;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _end;
    private readonly bool _oneByte;
    private readonly bool _twoByte;
    private int _position;
    private RtpHeaderExtension _current;

    internal RtpExtensionEnumerator(ReadOnlySpan<byte> packet, RtpHeader header)
    {
        _packet = packet;
        _position = header.ExtensionOffset;
        _end = header.ExtensionOffset + header.ExtensionLength;
        _oneByte = header.HasOneByteExtensions;
        _twoByte = header.HasTwoByteExtensions;
        _current = default;
    }

    /// <summary>The current element.</summary>
    public readonly RtpHeaderExtension Current => _current;

    /// <summary>Enables foreach.</summary>
    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element; false at the end or at a malformed element.</summary>
    public bool MoveNext()
    {
        if (_oneByte)
        {
            return MoveNextOneByte();
        }

        return _twoByte && MoveNextTwoByte();
    }

    private bool MoveNextOneByte()
    {
        while (_position < _end)
        {
            byte b = _packet[_position];
            byte id = (byte)(b >> OneByteIdShift);
            if (id == PaddingId)
            {
                // A padding byte should be all zero; a non-zero length with ID 0 is skipped the same way.
                _position++;
                continue;
            }

            if (id == OneByteStopId)
            {
                _position = _end;
                return false;
            }

            int length = (b & OneByteLengthMask) + 1;
            int dataOffset = _position + 1;
            if (dataOffset + length > _end)
            {
                _position = _end;
                return false;
            }

            _current = new RtpHeaderExtension(id, _packet.Slice(dataOffset, length), dataOffset);
            _position = dataOffset + length;
            return true;
        }

        return false;
    }

    private bool MoveNextTwoByte()
    {
        while (_position < _end)
        {
            byte id = _packet[_position];
            if (id == PaddingId)
            {
                _position++;
                continue;
            }

            if (_position + 2 > _end)
            {
                _position = _end;
                return false;
            }

            int length = _packet[_position + 1];
            int dataOffset = _position + 2;
            if (dataOffset + length > _end)
            {
                _position = _end;
                return false;
            }

            _current = new RtpHeaderExtension(id, _packet.Slice(dataOffset, length), dataOffset);
            _position = dataOffset + length;
            return true;
        }

        return false;
    }
}
