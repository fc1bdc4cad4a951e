using System.Net;
using System.Net.Sockets;

namespace Live.Media.Net;

/// <summary>
/// Binds the sockets of one UDP port. One socket, or on Linux several with SO_REUSEPORT: the kernel then hashes each
/// datagram's 4-tuple to one of them, so every socket has its own receive queue and one remote address always lands
/// on the same socket (and so on the same receive loop).
/// </summary>
internal static class UdpSocketGroup
{
    // <sys/socket.h> on Linux: SOL_SOCKET 1, SO_REUSEPORT 15.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    // Another server can take the probed port before the group binds it; only then is a fresh port tried.
    private const int BindAttempts = 5;

    /// <summary>True where several sockets can share one port with the kernel spreading datagrams over them.</summary>
    public static bool CanSharePort => OperatingSystem.IsLinux();

    /// <summary>
    /// Binds <paramref name="count"/> sockets to <paramref name="bindTo"/> (1 when the port cannot be shared). Port 0
    /// takes a port no socket holds: an SO_REUSEPORT bind to port 0 could join another server's group of the same user.
    /// </summary>
    public static Socket[] Bind(IPEndPoint bindTo, int count, int? bufferBytes)
    {
        if (count == 1 || !CanSharePort)
        {
            return [BindOrDispose(Create(bindTo.AddressFamily, bindTo.Address, bufferBytes, reusePort: false), bindTo)];
        }

        for (int attempt = 1; ; attempt++)
        {
            // An exclusive bind first: it fails as today when anyone holds an explicit port, and finds a free one for 0.
            IPEndPoint port;
            using (Socket probe = Create(bindTo.AddressFamily, bindTo.Address, null, reusePort: false))
            {
                probe.Bind(bindTo);
                port = (IPEndPoint)probe.LocalEndPoint!;
            }

            var sockets = new List<Socket>(count);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    Socket socket = Create(bindTo.AddressFamily, bindTo.Address, bufferBytes, reusePort: true);
                    sockets.Add(socket);
                    socket.Bind(new IPEndPoint(bindTo.Address, port.Port));
                }

                return [.. sockets];
            }
            catch (SocketException) when (bindTo.Port == 0 && attempt < BindAttempts)
            {
                sockets.ForEach(s => s.Dispose());
            }
            catch
            {
                sockets.ForEach(s => s.Dispose());
                throw;
            }
        }
    }

    private static Socket BindOrDispose(Socket socket, IPEndPoint bindTo)
    {
        try
        {
            socket.Bind(bindTo);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket Create(AddressFamily family, IPAddress address, int? bufferBytes, bool reusePort)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (bufferBytes is int bytes)
            {
                socket.ReceiveBufferSize = bytes;
                socket.SendBufferSize = bytes;
            }

            if (reusePort)
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
