using Live.Media.Dtls;
using Org.BouncyCastle.Tls;

namespace Live.Tests.Unit.Media.Dtls;

/// <summary>
/// Connects a <see cref="DtlsSession"/> to a <see cref="TestDtlsSrtpClient"/> through in-memory queues: each side's
/// sends are enqueued on the other side's <see cref="DtlsDatagramTransport"/>, optionally through a filter that can
/// drop, mangle or inject datagrams.
/// </summary>
internal sealed class DtlsLoopback : IDisposable
{
    /// <summary>Decides what to deliver: return false to drop the datagram.</summary>
    public delegate bool Filter(ReadOnlySpan<byte> datagram, DtlsDatagramTransport destination);

    public DtlsLoopback(DtlsCertificate serverCertificate, DtlsFingerprint clientFingerprintInSdp, TestDtlsSrtpClient client,
        DtlsSessionOptions? options = null, Filter? toClient = null, Filter? toServer = null, DtlsHandshakePool? pool = null)
    {
        Client = client;
        ClientTransport = new DtlsDatagramTransport(datagram =>
        {
            if (toServer is null || toServer(datagram, Session!.Transport))
                Session!.Enqueue(datagram);
        });
        Session = new DtlsSession(serverCertificate, clientFingerprintInSdp, datagram =>
        {
            if (toClient is null || toClient(datagram, ClientTransport))
                ClientTransport.Enqueue(datagram);
        }, options, pool);
    }

    public DtlsSession Session { get; }

    public TestDtlsSrtpClient Client { get; }

    public DtlsDatagramTransport ClientTransport { get; }

    public DtlsTransport? ClientDtls { get; private set; }

    /// <summary>Runs both ends; the client's exception (if any) is returned rather than thrown.</summary>
    public async Task<(DtlsHandshakeResult Server, Exception? ClientError)> RunAsync(CancellationToken cancellationToken = default)
    {
        var serverTask = Session.HandshakeAsync(cancellationToken);
        var clientTask = Task.Factory.StartNew(() => ClientDtls = new DtlsClientProtocol().Connect(Client, ClientTransport),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var server = await serverTask.WaitAsync(TimeSpan.FromSeconds(30));
        if (!server.Succeeded)
        {
            // The server's fatal alert is already queued for the client: give the client the chance to read it before
            // closing its transport (closing first races the alert, and on a loaded machine the client then fails
            // with "transport closed" instead of the alert). A client still waiting for a flight unwinds on the close.
            await Task.WhenAny(clientTask, Task.Delay(TimeSpan.FromSeconds(5)));
            ClientTransport.Close();
        }

        Exception? clientError = null;
        try
        {
            await clientTask.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            clientError = e;
        }

        return (server, clientError);
    }

    public void Dispose()
    {
        Session.Dispose();
        ClientTransport.Close();
    }
}
