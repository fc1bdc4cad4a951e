using System.Net;

namespace Live.Media.Net;

/// <summary>
/// Receives one datagram. Both arguments are only valid during the call: the buffer and the address are reused for
/// the next datagram, so a handler copies what it keeps.
/// </summary>
public delegate void DatagramHandler(ReadOnlySpan<byte> datagram, SocketAddress remote);
