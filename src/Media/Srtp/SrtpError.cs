namespace Live.Media.Srtp;

/// <summary>
/// Why an SRTP or SRTCP packet was not protected or not accepted. The SFU counts drops by this reason,
/// so each value names one distinct cause.
/// </summary>
public enum SrtpError
{
    /// <summary>The operation succeeded.</summary>
    None = 0,

    /// <summary>The packet is shorter than its header, extension or trailer claims.</summary>
    Truncated,

    /// <summary>The packet is not RTP/RTCP version 2.</summary>
    InvalidHeader,

    /// <summary>The caller's buffer has no room for the tag (protect) or the length exceeds the buffer.</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify: tampered, wrong key, or a wrong rollover-counter guess.</summary>
    AuthFailed,

    /// <summary>The packet index was already accepted (RFC 3711 §3.3.2 replay list).</summary>
    Replayed,

    /// <summary>The packet index is older than the replay window covers, so it cannot be checked and is dropped.</summary>
    TooOld,

    /// <summary>The sender's SRTCP index space (2^31) is used up; the session must be re-keyed.</summary>
    IndexExhausted,

    /// <summary>The context already tracks its maximum number of SSRCs.</summary>
    StreamLimitReached,
}
