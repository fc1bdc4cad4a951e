using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Live.Bench;

/// <summary>
/// A server under test in its own process (so that its CPU and memory are its own): started from a built dll with
/// its configuration in environment variables, awaited on its health endpoint, killed with its process tree on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;

    public ProcessSample Sample() => ProcessSample.Of(_process.Id);

    public static async Task<ServerProcess> StartAsync(string name, string dll, IDictionary<string, string> environment, TimeSpan timeout)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build it first (bench/run.sh does).", dll);
        var port = FreeTcpPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["urls"] = baseAddress.ToString();
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Every simulated browser connects from 127.0.0.1: the per-address limits (sized for one NAT of a real
        // focus group) would refuse a 10,000-observer room, which is the load measured here, not an attack.
        foreach (var door in new[] { "Api", "HubConnects", "MediaNegotiations" })
        {
            info.Environment[$"Live__Limits__{door}__Burst"] = "1000000";
            info.Environment[$"Live__Limits__{door}__PerSecond"] = "1000000";
        }
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var logPath = Path.Combine(Path.GetTempPath(), $"live-bench-{name}-{port}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, baseAddress, logPath);

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited) break;
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"{name} did not become healthy in {timeout.TotalSeconds:0} s; see {logPath}");
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException) { }
        _process.Dispose();
    }
}
