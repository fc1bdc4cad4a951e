using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Live.Media.Net;

/// <summary>
/// One bound UDP socket with a dedicated receive thread. Blocking <c>ReceiveFrom</c>/<c>SendTo</c> on spans with a
/// reused <see cref="SocketAddress"/> cost less CPU per datagram than the async socket APIs on Linux and allocate
/// nothing. Every datagram is handed to one <see cref="DatagramHandler"/> on the receive thread.
/// </summary>
public sealed class UdpEndpoint : IDisposable
{
    // IPv4 caps a UDP payload at 65,507 bytes; one 64 KiB buffer never truncates a datagram.
    public const int ReceiveBufferLength = 64 * 1024;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly DatagramHandler _handler;
    private readonly Action<Exception>? _onHandlerFault;
    private readonly Thread _thread;
    private volatile bool _disposed;
    private long _received;
    private long _sent;
    private long _sendErrors;
    private long _handlerFaults;

    /// <summary>
    /// Binds the socket (port 0 picks a free port); call <see cref="Start"/> once whatever the handler needs is ready.
    /// <paramref name="onHandlerFault"/> hears, on the receive thread, every exception the handler threw.
    /// </summary>
    public UdpEndpoint(IPEndPoint bindTo, DatagramHandler handler, int? socketBufferBytes = null, Action<Exception>? onHandlerFault = null)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _onHandlerFault = onHandlerFault;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bindTo.AddressFamily == AddressFamily.InterNetworkV6 && bindTo.Address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            if (socketBufferBytes is int bytes)
            {
                _socket.ReceiveBufferSize = bytes;
                _socket.SendBufferSize = bytes;
            }

            _socket.Bind(bindTo);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(ReceiveLoop)
        {
            IsBackground = true,
            Name = $"udp-recv {LocalEndPoint.Port}",
        };
    }

    public IPEndPoint LocalEndPoint { get; }

    public long DatagramsReceived => Interlocked.Read(ref _received);

    public long DatagramsSent => Interlocked.Read(ref _sent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Datagrams whose handler threw; the receive thread survives them.</summary>
    public long HandlerFaults => Interlocked.Read(ref _handlerFaults);

    public bool IsReceiving => _thread.IsAlive;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _thread.Start();
    }

    /// <summary>Sends one datagram; false (and counted) when the network refuses it or the endpoint is closed.</summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            Interlocked.Increment(ref _sent);
            return true;
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the socket, which unblocks the receive thread, and waits for the thread to end.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join(StopTimeout);
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        var remote = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!_disposed)
            {
                int length;
                try
                {
                    length = _socket.ReceiveFrom(buffer, SocketFlags.None, remote);
                }
                catch (SocketException) when (!_disposed)
                {
                    // ICMP errors for earlier sends (e.g. port unreachable) surface here; the socket is still fine.
                    continue;
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    break;
                }

                Interlocked.Increment(ref _received);
                Dispatch(buffer.AsSpan(0, length), remote);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _handler(datagram, remote);
        }
        catch (Exception e)
        {
            // One faulty packet handler must not stop the port for every other connection.
            Interlocked.Increment(ref _handlerFaults);
            ReportFault(e);
        }
    }

    private void ReportFault(Exception fault)
    {
        try
        {
            _onHandlerFault?.Invoke(fault);
        }
        catch (Exception)
        {
            // The report (a log sink) failing must not end the receive thread either; the fault is still counted.
        }
    }
}
