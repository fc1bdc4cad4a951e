using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Live.Media.Net;

/// <summary>
/// One bound UDP port with dedicated receive threads (receive loops), one by default. Blocking
/// <c>ReceiveFrom</c>/<c>SendTo</c> on spans with a reused <see cref="SocketAddress"/> cost less CPU per datagram than
/// the async socket APIs on Linux and allocate nothing. With several loops on Linux each has its own SO_REUSEPORT socket
/// on the port (the kernel keeps one remote address on one socket); elsewhere the loops share one socket. Every datagram
/// is handed to the one <see cref="DatagramHandler"/> on the loop that received it, so with several loops the handler
/// runs concurrently.
/// </summary>
public sealed class UdpEndpoint : IDisposable
{
    // IPv4 caps a UDP payload at 65,507 bytes; one 64 KiB buffer never truncates a datagram.
    public const int ReceiveBufferLength = 64 * 1024;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket[] _sockets;
    private readonly DatagramHandler _handler;
    private readonly Action<Exception>? _onHandlerFault;
    private readonly Thread[] _threads;
    private volatile bool _disposed;
    private long _received;
    private long _sent;
    private long _sendErrors;
    private long _handlerFaults;

    /// <summary>
    /// Binds the socket (port 0 picks a free port); call <see cref="Start"/> once whatever the handler needs is ready.
    /// <paramref name="onHandlerFault"/> hears, on the receive loop, every exception the handler threw.
    /// <paramref name="receiveLoops"/> threads receive (see the type's summary).
    /// </summary>
    public UdpEndpoint(IPEndPoint bindTo, DatagramHandler handler, int? socketBufferBytes = null, Action<Exception>? onHandlerFault = null,
        int receiveLoops = 1)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveLoops, 1);
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _onHandlerFault = onHandlerFault;
        _sockets = UdpSocketGroup.Bind(bindTo, receiveLoops, socketBufferBytes);
        LocalEndPoint = (IPEndPoint)_sockets[0].LocalEndPoint!;
        _threads = new Thread[receiveLoops];
        for (int i = 0; i < receiveLoops; i++)
        {
            Socket socket = _sockets[i % _sockets.Length];
            _threads[i] = new Thread(() => ReceiveLoop(socket))
            {
                IsBackground = true,
                Name = receiveLoops == 1 ? $"udp-recv {LocalEndPoint.Port}" : $"udp-recv {LocalEndPoint.Port}/{i}",
            };
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    public long DatagramsReceived => Interlocked.Read(ref _received);

    public long DatagramsSent => Interlocked.Read(ref _sent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Datagrams whose handler threw; the receive thread survives them.</summary>
    public long HandlerFaults => Interlocked.Read(ref _handlerFaults);

    public bool IsReceiving => _threads.All(t => t.IsAlive);

    /// <summary>The threads receiving on the port.</summary>
    public int ReceiveLoops => _threads.Length;

    /// <summary>The sockets bound to the port: one per loop where SO_REUSEPORT spreads datagrams, else one.</summary>
    public int SocketCount => _sockets.Length;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Sends one datagram (from any thread); false (and counted) when the network refuses it or the endpoint is closed.
    /// Every socket of the group has the same local address and port, so the first one sends for all.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _sockets[0].SendTo(datagram, SocketFlags.None, remote);
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

    /// <summary>Closes the sockets, which unblocks the receive loops, and waits for their threads to end.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }

        foreach (Thread thread in _threads)
        {
            if (thread.IsAlive && Thread.CurrentThread != thread)
            {
                thread.Join(StopTimeout);
            }
        }
    }

    private void ReceiveLoop(Socket socket)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        var remote = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!_disposed)
            {
                int length;
                try
                {
                    length = socket.ReceiveFrom(buffer, SocketFlags.None, remote);
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
