namespace Live.Media.Sdp;

/// <summary>The media direction attribute of a section (RFC 8866 §6.7), seen from the side that wrote the description.</summary>
public enum SdpDirection
{
    /// <summary>a=sendrecv, also the default when no direction is given.</summary>
    SendRecv,

    /// <summary>a=sendonly.</summary>
    SendOnly,

    /// <summary>a=recvonly.</summary>
    RecvOnly,

    /// <summary>a=inactive.</summary>
    Inactive,
}
