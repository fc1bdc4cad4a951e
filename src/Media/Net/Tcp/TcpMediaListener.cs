using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Live.Media.Net.Tcp;

/// <summary>
/// The silo's TCP media port (RFC 6544 passive candidate): accepts connections up to a cap, gives each an RFC 4571
/// reader and a bounded send queue, and closes those that do not authenticate in time (<see cref="CloseStale"/>).
/// Frames go to one <see cref="TcpFrameHandler"/>, which the SFU points at the same STUN/DTLS/SRTP path as UDP.
/// </summary>
public sealed class TcpMediaListener : IDisposable
{
    private readonly Socket _socket;
    private readonly ConcurrentDictionary<TcpMediaConnection, byte> _connections = new();
    private readonly Action<TcpDropReason>? _onDrop;
    private readonly Action<TcpMediaConnection>? _onClosed;
    private readonly Action<Exception>? _onHandlerFault;
    private readonly long[] _drops = new long[Enum.GetValues<TcpDropReason>().Length];
    private volatile bool _disposed;
    private long _accepted;
    private long _handlerFaults;

    public TcpMediaListener(IPEndPoint bindTo, TcpFrameHandler handler, TcpMediaListenerOptions? options = null,
        TimeProvider? timeProvider = null, Action<TcpDropReason>? onDrop = null, Action<TcpMediaConnection>? onClosed = null,
        Action<Exception>? onHandlerFault = null)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        Handler = handler ?? throw new ArgumentNullException(nameof(handler));
        Options = options ?? new TcpMediaListenerOptions();
        Options.Validate();
        Time = timeProvider ?? TimeProvider.System;
        _onDrop = onDrop;
        _onClosed = onClosed;
        _onHandlerFault = onHandlerFault;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (bindTo.AddressFamily == AddressFamily.InterNetworkV6 && bindTo.Address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(bindTo);
            _socket.Listen();
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public TcpMediaListenerOptions Options { get; }

    public TimeProvider Time { get; }

    public int ConnectionCount => _connections.Count;

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Frames whose handler threw (their connection was closed; the listener carries on).</summary>
    public long HandlerFaults => Interlocked.Read(ref _handlerFaults);

    internal TcpFrameHandler Handler { get; }

    public long GetDropCount(TcpDropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>Starts accepting.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// Closes every connection that has not authenticated within the timeout (counted), and those
    /// <paramref name="isOrphaned"/> says nobody uses any more (the upper layer's transport closed); returns how many.
    /// </summary>
    public int CloseStale(Func<TcpMediaConnection, bool>? isOrphaned = null)
    {
        int closed = 0;
        foreach (TcpMediaConnection connection in _connections.Keys)
        {
            if (!connection.IsAuthenticated && Time.GetElapsedTime(connection.AcceptedAt) >= Options.AuthenticationTimeout)
            {
                OnDrop(TcpDropReason.AuthenticationTimeout);
                connection.Close();
                closed++;
            }
            else if (connection.IsAuthenticated && isOrphaned?.Invoke(connection) == true)
            {
                connection.Close();
                closed++;
            }
        }

        return closed;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
        foreach (TcpMediaConnection connection in _connections.Keys)
        {
            connection.Close();
        }
    }

    internal void OnDrop(TcpDropReason reason)
    {
        Interlocked.Increment(ref _drops[(int)reason]);
        _onDrop?.Invoke(reason);
    }

    internal void OnHandlerFault(Exception fault)
    {
        Interlocked.Increment(ref _handlerFaults);
        try
        {
            _onHandlerFault?.Invoke(fault);
        }
        catch (Exception)
        {
            // The report (a log sink) failing must not take the connection's reader down; the fault is still counted.
        }
    }

    internal void OnClosed(TcpMediaConnection connection)
    {
        if (_connections.TryRemove(connection, out _))
        {
            _onClosed?.Invoke(connection);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_disposed)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!_disposed)
            {
                continue; // a connection reset before it was accepted
            }
            catch (SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            if (_disposed || _connections.Count >= Options.MaxConnections)
            {
                OnDrop(TcpDropReason.ConnectionLimit);
                accepted.Dispose();
                continue;
            }

            TcpMediaConnection connection;
            try
            {
                accepted.NoDelay = true; // RFC 6544 carries real-time media: no Nagle delay on small packets
                if (Options.SocketBufferBytes > 0)
                {
                    accepted.SendBufferSize = Options.SocketBufferBytes;
                    accepted.ReceiveBufferSize = Options.SocketBufferBytes;
                }

                connection = new TcpMediaConnection(accepted, this, Time.GetTimestamp());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                accepted.Dispose();
                continue;
            }

            _connections[connection] = 0;
            connection.Start();
        }
    }
}
