using System.Net;
using System.Net.Sockets;
using Live.Media.Dtls;
using Org.BouncyCastle.Tls;

namespace Live.Tests.Unit.Media.Dtls;

/// <summary>The handshake over real UDP sockets on 127.0.0.1, with a receive loop that demultiplexes like the SFU.</summary>
public sealed class DtlsSessionUdpTests
{
    // RFC 7983 §7: a first byte in [20, 63] means DTLS.
    private const byte DtlsFirstByteMin = 20;
    private const byte DtlsFirstByteMax = 63;

    [Fact]
    public async Task Handshake_OverLoopbackUdp_BothEndsDeriveSameKeys()
    {
        var serverCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
        var clientCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
        using var serverSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        serverSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        clientSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        clientSocket.Connect(serverSocket.LocalEndPoint!);
        var clientEndPoint = clientSocket.LocalEndPoint!;

        using var session = new DtlsSession(serverCertificate, clientCertificate.Fingerprint,
            datagram => serverSocket.SendTo(datagram, SocketFlags.None, clientEndPoint));
        using var stop = new CancellationTokenSource();
        var nonDtls = 0;
        var receiveLoop = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            while (!stop.IsCancellationRequested)
            {
                var received = await serverSocket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token);
                var datagram = buffer.AsSpan(0, received.ReceivedBytes);
                if (datagram.Length > 0 && datagram[0] is >= DtlsFirstByteMin and <= DtlsFirstByteMax)
                    session.Enqueue(datagram);
                else
                    nonDtls++;
            }
        });

        var client = new TestDtlsSrtpClient(clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        var serverTask = session.HandshakeAsync();
        var clientDtls = await Task.Factory.StartNew(
            () => new DtlsClientProtocol().Connect(client, new UdpClientTransport(clientSocket)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30));
        var server = await serverTask.WaitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();
        try
        {
            // Cancelled inside ReceiveFromAsync, or it saw the flag between two datagrams: either way it stops.
            await receiveLoop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal(0, nonDtls);
        DtlsSessionHandshakeTests.AssertMirrored(server.Keys!, client.Keys!, 16, 12);
        clientDtls.Close();
    }

    /// <summary>A connected UDP socket as a BouncyCastle datagram transport, the client's side of the test.</summary>
    private sealed class UdpClientTransport(Socket socket) : DatagramTransport
    {
        public int GetReceiveLimit() => DtlsDatagramTransport.ReceiveLimit;

        public int GetSendLimit() => DtlsDatagramTransport.SendLimit;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            // Zero means "wait forever" in BouncyCastle's contract.
            if (!socket.Poll(waitMillis == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(waitMillis), SelectMode.SelectRead))
                return -1;
            return socket.Receive(buffer);
        }

        public void Send(byte[] buf, int off, int len) => socket.Send(buf, off, len, SocketFlags.None);

        public void Send(ReadOnlySpan<byte> buffer) => socket.Send(buffer);

        public void Close()
        {
        }
    }
}
