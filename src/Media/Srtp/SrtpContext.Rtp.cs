namespace Live.Media.Srtp;

/// <summary>SRTP (RTP) protection and unprotection of <see cref="SrtpContext"/>.</summary>
public sealed partial class SrtpContext
{
    /// <summary>Encrypts and tags the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place.</summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength) =>
        TryProtectRtp(buffer, length, out protectedLength, out _);

    /// <summary>
    /// Encrypts and tags the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place; the
    /// buffer needs <see cref="RtpOverhead"/> spare octets after the packet for the tag.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return Fail(SrtpError.BufferTooSmall, out error, out protectedLength);
        }

        var header = SrtpPacketReader.TryReadRtp(buffer.Slice(0, length), out int headerLength, out ushort sequence, out uint ssrc);
        if (header != SrtpError.None)
        {
            return Fail(header, out error, out protectedLength);
        }

        int total = length + _transform.TagLength;
        if (total > buffer.Length)
        {
            return Fail(SrtpError.BufferTooSmall, out error, out protectedLength);
        }

        if (!TryGetOrAddStream(ssrc, out var state))
        {
            return Fail(SrtpError.StreamLimitReached, out error, out protectedLength);
        }

        // The sender runs the same estimator as the receiver, so a retransmission or reordered send of a
        // packet from before the wrap is still protected with the ROC it was first sent under.
        uint roc = 0;
        if (state.HasRtp && !SrtpIndexEstimator.TryGuessRoc(state.RolloverCounter, state.HighestSequence, sequence, out roc))
        {
            return Fail(SrtpError.TooOld, out error, out protectedLength);
        }

        _transform.ProtectRtp(buffer.Slice(0, total), headerLength, ssrc, SrtpIndexEstimator.ToIndex(roc, sequence));
        AdvanceRtp(state, roc, sequence);
        return Succeed(total, out error, out protectedLength);
    }

    /// <summary>Verifies and decrypts the SRTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place.</summary>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength) =>
        TryUnprotectRtp(buffer, length, out plainLength, out _);

    /// <summary>
    /// Verifies and decrypts the SRTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place.
    /// On success the RTP packet occupies the first <paramref name="plainLength"/> octets; on failure
    /// <paramref name="error"/> says why and the buffer content is unspecified.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return Fail(SrtpError.BufferTooSmall, out error, out plainLength);
        }

        int tagLength = _transform.TagLength;
        if (length < tagLength)
        {
            return Fail(SrtpError.Truncated, out error, out plainLength);
        }

        int innerLength = length - tagLength;
        var header = SrtpPacketReader.TryReadRtp(buffer.Slice(0, innerLength), out int headerLength, out ushort sequence, out uint ssrc);
        if (header != SrtpError.None)
        {
            return Fail(header, out error, out plainLength);
        }

        // Unknown SSRCs get state only after their first packet authenticates, so forged packets cannot grow it.
        _streams.TryGetValue(ssrc, out var state);
        uint roc = 0;
        if (state is { HasRtp: true })
        {
            if (!SrtpIndexEstimator.TryGuessRoc(state.RolloverCounter, state.HighestSequence, sequence, out roc))
            {
                return Fail(SrtpError.TooOld, out error, out plainLength);
            }

            var replay = state.RtpReplay.Check(SrtpIndexEstimator.ToIndex(roc, sequence), _replayWindowSize);
            if (replay != SrtpError.None)
            {
                return Fail(replay, out error, out plainLength);
            }
        }

        ulong index = SrtpIndexEstimator.ToIndex(roc, sequence);
        if (!_transform.UnprotectRtp(buffer.Slice(0, length), headerLength, ssrc, index))
        {
            return Fail(SrtpError.AuthFailed, out error, out plainLength);
        }

        if (state is null && !TryGetOrAddStream(ssrc, out state))
        {
            return Fail(SrtpError.StreamLimitReached, out error, out plainLength);
        }

        AdvanceRtp(state, roc, sequence);
        state.RtpReplay.Accept(index);
        return Succeed(innerLength, out error, out plainLength);
    }

    private static void AdvanceRtp(SrtpStreamState state, uint roc, ushort sequence)
    {
        if (!state.HasRtp)
        {
            // RFC 3711 §3.3.1: the first packet of a stream sets s_l; ROC starts at 0.
            state.HasRtp = true;
            state.RolloverCounter = roc;
            state.HighestSequence = sequence;
            return;
        }

        SrtpIndexEstimator.Update(ref state.RolloverCounter, ref state.HighestSequence, roc, sequence);
    }
}
