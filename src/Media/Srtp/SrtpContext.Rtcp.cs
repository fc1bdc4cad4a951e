using System.Buffers.Binary;

namespace Live.Media.Srtp;

/// <summary>SRTCP protection and unprotection of <see cref="SrtpContext"/> (RFC 3711 §3.4, RFC 7714 §9).</summary>
public sealed partial class SrtpContext
{
    /// <summary>Encrypts, indexes and tags the (compound) RTCP packet in <paramref name="buffer"/>[..<paramref name="length"/>].</summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        TryProtectRtcp(buffer, length, out protectedLength, out _);

    /// <summary>
    /// Encrypts, indexes and tags the (compound) RTCP packet in place; the buffer needs <see cref="RtcpOverhead"/>
    /// spare octets. Each SSRC's SRTCP index starts at 0 and counts up (RFC 3711 §3.4).
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return Fail(SrtpError.BufferTooSmall, out error, out protectedLength);
        }

        var header = SrtpPacketReader.TryReadRtcp(buffer.Slice(0, length), out uint ssrc);
        if (header != SrtpError.None)
        {
            return Fail(header, out error, out protectedLength);
        }

        int total = length + _transform.RtcpTrailerLength;
        if (total > buffer.Length)
        {
            return Fail(SrtpError.BufferTooSmall, out error, out protectedLength);
        }

        if (!TryGetOrAddStream(ssrc, out var state))
        {
            return Fail(SrtpError.StreamLimitReached, out error, out protectedLength);
        }

        uint index = state.NextSrtcpIndex;
        if (index > SrtpTransform.SrtcpIndexMask)
        {
            // RFC 3711 §3.4: the index must not wrap under one key; the sender has to re-key.
            return Fail(SrtpError.IndexExhausted, out error, out protectedLength);
        }

        _transform.ProtectRtcp(buffer.Slice(0, total), ssrc, index);
        state.NextSrtcpIndex = index + 1;
        return Succeed(total, out error, out protectedLength);
    }

    /// <summary>Verifies and decrypts the SRTCP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place.</summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength) =>
        TryUnprotectRtcp(buffer, length, out plainLength, out _);

    /// <summary>
    /// Verifies and (when its E flag is set) decrypts the SRTCP packet in place; on success the RTCP packet
    /// occupies the first <paramref name="plainLength"/> octets.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return Fail(SrtpError.BufferTooSmall, out error, out plainLength);
        }

        int trailer = _transform.RtcpTrailerLength;
        if (length < SrtpTransform.RtcpClearHeaderLength + trailer)
        {
            return Fail(SrtpError.Truncated, out error, out plainLength);
        }

        var header = SrtpPacketReader.TryReadRtcp(buffer.Slice(0, length - trailer), out uint ssrc);
        if (header != SrtpError.None)
        {
            return Fail(header, out error, out plainLength);
        }

        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(_transform.GetSrtcpIndexOffset(length)));
        bool encrypted = (indexWord & SrtpTransform.SrtcpEncryptedFlag) != 0;
        uint index = indexWord & SrtpTransform.SrtcpIndexMask;

        _streams.TryGetValue(ssrc, out var state);
        if (state is not null)
        {
            var replay = state.RtcpReplay.Check(index, _replayWindowSize);
            if (replay != SrtpError.None)
            {
                return Fail(replay, out error, out plainLength);
            }
        }

        if (!_transform.UnprotectRtcp(buffer.Slice(0, length), ssrc, index, encrypted))
        {
            return Fail(SrtpError.AuthFailed, out error, out plainLength);
        }

        if (state is null && !TryGetOrAddStream(ssrc, out state))
        {
            return Fail(SrtpError.StreamLimitReached, out error, out plainLength);
        }

        state.RtcpReplay.Accept(index);
        return Succeed(length - trailer, out error, out plainLength);
    }
}
