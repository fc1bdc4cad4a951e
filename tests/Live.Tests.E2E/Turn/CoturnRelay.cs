using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Live.Tests.E2E.Turn;

/// <summary>
/// Debian's coturn (<c>/usr/bin/turnserver</c>) on free loopback ports with a throwaway configuration: the TURN REST API
/// scheme (<c>use-auth-secret</c>) with a random secret, UDP and TCP on one port, TLS on another with a self-signed
/// certificate made here, loopback peers allowed (everything in these tests is 127.0.0.1; coturn refuses loopback peers
/// by default). Its log goes to a temp file, read by tests and shown when it fails to start.
/// </summary>
public sealed class CoturnRelay : IDisposable
{
    public const string Executable = "/usr/bin/turnserver";
    public const string Realm = "live.test";

    private readonly Process _process;
    private readonly string _directory;

    private CoturnRelay(Process process, string directory, string secret, int port, int tlsPort)
    {
        _process = process;
        _directory = directory;
        Secret = secret;
        Port = port;
        TlsPort = tlsPort;
    }

    /// <summary>The shared secret (static-auth-secret) the gateway mints credentials with.</summary>
    public string Secret { get; }

    /// <summary>TURN over UDP and TCP.</summary>
    public int Port { get; }

    /// <summary>TURN over TLS.</summary>
    public int TlsPort { get; }

    public string UdpUrl => $"turn:127.0.0.1:{Port}?transport=udp";
    public string TcpUrl => $"turn:127.0.0.1:{Port}?transport=tcp";
    public string TlsUrl => $"turns:127.0.0.1:{TlsPort}?transport=tcp";

    public string LogPath => Path.Combine(_directory, "turn.log");

    /// <summary>What coturn has logged so far.</summary>
    public string Log()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Starts a relay and waits until it accepts TCP connections on its port.</summary>
    public static CoturnRelay Start()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"coturn is not installed ({Executable}); scripts/test.sh installs it.");
        var directory = System.IO.Directory.CreateTempSubdirectory("live-coturn-").FullName;
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var (port, tlsPort) = (FreePort(), FreePort());
        WriteCertificate(directory);
        var config = Path.Combine(directory, "turnserver.conf");
        File.WriteAllLines(config,
        [
            "listening-ip=127.0.0.1",
            "relay-ip=127.0.0.1",
            $"listening-port={port}",
            $"tls-listening-port={tlsPort}",
            // One port for UDP and TCP, one for TLS: nothing else (no DTLS, no alternate ports).
            "no-dtls",
            "alt-listening-port=0",
            "alt-tls-listening-port=0",
            "fingerprint",
            "use-auth-secret",
            $"static-auth-secret={secret}",
            $"realm={Realm}",
            "no-cli",
            "allow-loopback-peers",
            "no-multicast-peers",
            $"cert={Path.Combine(directory, "cert.pem")}",
            $"pkey={Path.Combine(directory, "key.pem")}",
            $"log-file={Path.Combine(directory, "turn.log")}",
            "simple-log",
            "verbose",
            $"pidfile={Path.Combine(directory, "turn.pid")}",
        ]);
        var process = Process.Start(new ProcessStartInfo(Executable, ["-c", config, "--no-stdout-log"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("coturn did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var relay = new CoturnRelay(process, directory, secret, port, tlsPort);
        relay.WaitUntilListening();
        return relay;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"coturn exited with {_process.ExitCode}: {Log()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        Dispose();
        throw new TimeoutException($"coturn did not listen on {Port}: {Log()}");
    }

    private static void WriteCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
