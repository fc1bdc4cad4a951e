namespace Live.Media.Net.Tcp;

/// <summary>
/// Receives one RFC 4571 frame from a TCP media connection, on that connection's reader. The frame is only valid
/// during the call (it may be modified in place, e.g. by SRTP); a handler copies what it keeps.
/// </summary>
public delegate void TcpFrameHandler(TcpMediaConnection connection, Span<byte> frame);
