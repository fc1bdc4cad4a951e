namespace Live.Media.Sfu;

/// <summary>Where a <see cref="WebRtcTransport"/> is in its life.</summary>
public enum WebRtcTransportState
{
    /// <summary>Created by a negotiation; waiting for the browser's ICE checks.</summary>
    New,

    /// <summary>ICE nominated an address; the DTLS handshake is running.</summary>
    Connecting,

    /// <summary>SRTP keys are in place; media flows.</summary>
    Connected,

    /// <summary>The DTLS handshake failed; the transport is closed by the next consent sweep.</summary>
    Failed,

    /// <summary>Closed: by the control plane, by a consent timeout, or with the server.</summary>
    Closed,
}
