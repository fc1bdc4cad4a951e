namespace Live.Media.Dtls;

/// <summary>Why a DTLS-SRTP handshake did not produce keys.</summary>
public enum DtlsHandshakeFailure
{
    /// <summary>The handshake succeeded.</summary>
    None,

    /// <summary>The handshake did not complete within the configured time (the peer is silent or too lossy).</summary>
    Timeout,

    /// <summary>The client certificate does not hash to the fingerprint in the remote SDP (RFC 8122 §5).</summary>
    FingerprintMismatch,

    /// <summary>The client sent no certificate although WebRTC requires mutual authentication (RFC 8827 §6.5).</summary>
    ClientCertificateMissing,

    /// <summary>The client offered no use_srtp extension, or none of our SRTP profiles (RFC 5764 §4.1.1).</summary>
    NoCommonSrtpProfile,

    /// <summary>The peer sent a fatal alert.</summary>
    AlertReceived,

    /// <summary>The handshake broke on our side: malformed messages, no common cipher suite, a failing send, and so on.</summary>
    ProtocolError,

    /// <summary>The owner cancelled or disposed the session before the handshake ended.</summary>
    Cancelled,
}
