using System.Diagnostics;

namespace Live.Tests.Integration.Cluster;

/// <summary>
/// One Live silo or gateway as a real operating-system process (<c>dotnet Live.Silo.dll</c> / <c>Live.Gateway.dll</c>),
/// with its output in a log file, so tests can kill it with SIGKILL or stop it with SIGTERM like an operator would.
/// </summary>
public sealed class ClusterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ClusterProcess(string name, Process process, StreamWriter log, Uri http, int siloPort)
    {
        Name = name;
        _process = process;
        _log = log;
        Http = http;
        SiloPort = siloPort;
    }

    public string Name { get; }

    /// <summary>The process's HTTP base address (the gateway's app and hub, the silo's /metrics and /health).</summary>
    public Uri Http { get; }

    /// <summary>The silo-to-silo port (0 for a gateway): how a placement answer names this process.</summary>
    public int SiloPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The build configuration the tests were built with, so the processes run the same binaries.</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static ClusterProcess StartSilo(string name, string logDirectory, Dictionary<string, string> cluster)
    {
        var siloPort = PostgresFixture.FreeTcpPort();
        var env = new Dictionary<string, string>(cluster)
        {
            ["Live__Cluster__SiloPort"] = siloPort.ToString(),
            ["Live__Cluster__GatewayPort"] = PostgresFixture.FreeTcpPort().ToString(),
            ["Live__Media__UdpPort"] = "0",
        };
        return Start(name, logDirectory, "src/Silo", "Live.Silo.dll", env, siloPort);
    }

    /// <summary>Starts a gateway; <paramref name="http"/> restarts one on the address its clients know.</summary>
    public static ClusterProcess StartGateway(string name, string logDirectory, Dictionary<string, string> cluster, Uri? http = null) =>
        Start(name, logDirectory, "src/Gateway", "Live.Gateway.dll", new Dictionary<string, string>(cluster), siloPort: 0, http);

    private static ClusterProcess Start(string name, string logDirectory, string project, string dll, Dictionary<string, string> env, int siloPort,
        Uri? http = null)
    {
        var root = PostgresFixture.RepositoryRoot;
        var path = Path.Combine(root, project, "bin", Configuration, "net10.0", dll);
        if (!File.Exists(path)) throw new FileNotFoundException($"Build {project} ({Configuration}) first", path);
        http ??= new Uri($"http://127.0.0.1:{PostgresFixture.FreeTcpPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(root, project),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(http.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.Combine(root, project));
        foreach (var (key, value) in env) start.Environment[key] = value;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        System.IO.Directory.CreateDirectory(logDirectory);
        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ClusterProcess(name, process, log, http, siloPort);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try { log.WriteLine(line); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Waits until /health/ready answers 200; fails early if the process exits.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}; see its log.");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}.");
    }

    /// <summary>kill -9: no shutdown code runs, sockets are closed by the kernel.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>kill -TERM: the host's graceful shutdown runs.</summary>
    public void Terminate()
    {
        if (_process.HasExited) return;
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString()]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try { KillHard(); } catch (InvalidOperationException) { }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
