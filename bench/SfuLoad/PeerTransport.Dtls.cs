using System.Diagnostics;
using Live.Media.Dtls;
using Live.Media.Srtp;
using Org.BouncyCastle.Tls;

namespace Live.SfuLoad;

// DTLS-SRTP: BouncyCastle's blocking handshake on a thread of its own, at most HandshakeLimit at once.
public sealed partial class PeerTransport
{
    // BouncyCastle's handshake blocks a thread; capping them bounds the client's threads and keeps ramp CPU in check.
    private static SemaphoreSlim s_handshakeGate = new(10);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    private bool _dtlsClient;
    private int _dtlsStartedFlag;
    private bool _dtlsStarted => Volatile.Read(ref _dtlsStartedFlag) != 0;
    private volatile bool _dtlsDone;
    private readonly DtlsDatagramTransport _dtlsTransport;

    /// <summary>How many handshakes may run at once, for the whole process.</summary>
    public static void LimitHandshakes(int concurrent) => s_handshakeGate = new SemaphoreSlim(concurrent);

    private void StartDtls()
    {
        if (Interlocked.Exchange(ref _dtlsStartedFlag, 1) != 0) return;
        _ = Task.Run(async () =>
        {
            if (!await s_handshakeGate.WaitAsync(HandshakeTimeout)) { Fail("no handshake slot within the timeout"); return; }
            // A dedicated thread: BouncyCastle blocks in DtlsDatagramTransport.Receive for the whole handshake.
            var thread = new Thread(Handshake) { IsBackground = true, Name = "dtls" };
            thread.Start();
        });
    }

    private void Handshake()
    {
        try
        {
            DtlsSrtpKeys? keys;
            if (_dtlsClient)
            {
                var client = new DtlsSrtpClient(Certificate, _remote!.Fingerprint);
                new DtlsClientProtocol().Connect(client, _dtlsTransport);
                keys = client.Keys;
            }
            else
            {
                // The server answered a=setup:active (Janus does to a publisher's actpass): the client is DTLS server.
                var server = new DtlsSrtpServer(Certificate, _remote!.Fingerprint, HandshakeTimeout);
                new DtlsServerProtocol().Accept(server, _dtlsTransport);
                keys = server.Keys;
            }

            if (keys is null) { Fail("DTLS completed without SRTP keys"); return; }
            var profile = (SrtpProfile)(ushort)keys.Profile;
            Inbound = new SrtpContext(new SrtpMasterKey(profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span));
            Outbound = new SrtpContext(new SrtpMasterKey(profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span));
            _dtlsDone = true;
            ConnectedAt = Stopwatch.GetTimestamp();
        }
        catch (Exception ex)
        {
            Fail("DTLS: " + ex.Message + (ex.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : ""));
        }
        finally
        {
            s_handshakeGate.Release();
        }
    }

    private void OnDtls(ReadOnlySpan<byte> datagram)
    {
        // As DTLS server, the server's ClientHello may beat our own ICE success: start rather than wait for its retransmission.
        if (!_dtlsClient && _remote is not null) StartDtls();
        // After the handshake nothing reads DTLS any more (a late retransmission or close_notify is dropped).
        if (_dtlsStarted && !_dtlsDone) _dtlsTransport.Enqueue(datagram);
    }
}
