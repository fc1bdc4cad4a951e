using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Live.Tests.E2E.Browsers;

/// <summary>
/// Debian's firefox-esr (/usr/bin/firefox-esr, headless, fake camera and microphone), driven over WebDriver BiDi by
/// Firefox/driver.mjs (puppeteer-core, installed with <c>npm ci</c> on first use): a Node process that takes one JSON
/// request a line on stdin and answers one a line on stdout. Playwright's own Firefox is a patched build, so it cannot
/// drive Debian's.
/// </summary>
public sealed class FirefoxBrowser : IAsyncDisposable
{
    public const string FirefoxPath = "/usr/bin/firefox-esr";

    /// <summary>Debian's xvfb wrapper: starts a virtual X display for a windowed Firefox and stops it when Firefox exits.</summary>
    public const string XvfbRunPath = "/usr/bin/xvfb-run";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starting Firefox took over 60 s on the shared 2-core machine under load; allow for it.</summary>
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly TaskCompletionSource<JsonObject> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _nextId;

    private FirefoxBrowser(Process process, Action<string> log)
    {
        _process = process;
        _log = log;
    }

    /// <summary>The version Firefox reports, e.g. "firefox/153.8.0".</summary>
    public string Version { get; private set; } = "";

    /// <summary>The folder with driver.mjs, package.json and package-lock.json.</summary>
    public static string DriverFolder { get; } = Path.Combine(RepositoryRoot(), "tests", "Live.Tests.E2E", "Firefox");

    /// <summary>
    /// Starts the driver and Firefox; <paramref name="log"/> gets the pages' console messages and errors. With
    /// <paramref name="withScreen"/> Firefox runs windowed on its own Xvfb display (xvfb-run -a picks a free one), since
    /// only then can a page share a screen: headless Firefox answers getDisplayMedia with NotFoundError.
    /// </summary>
    public static async Task<FirefoxBrowser> LaunchAsync(Action<string> log, bool withScreen = false)
    {
        if (!File.Exists(FirefoxPath))
        {
            throw new InvalidOperationException($"{FirefoxPath} is missing: scripts/test.sh installs Debian's firefox-esr.");
        }

        if (withScreen && !File.Exists(XvfbRunPath))
        {
            throw new InvalidOperationException($"{XvfbRunPath} is missing: scripts/test.sh installs Debian's xvfb.");
        }

        await EnsureInstalledAsync();
        var start = new ProcessStartInfo(withScreen ? XvfbRunPath : "node")
        {
            WorkingDirectory = DriverFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (withScreen)
        {
            foreach (string argument in new[] { "-a", "-s", "-screen 0 1280x720x24", "node" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["FIREFOX_HEADLESS"] = "0";
        }

        start.ArgumentList.Add("driver.mjs");
        start.Environment["FIREFOX_PATH"] = FirefoxPath;
        var browser = new FirefoxBrowser(Process.Start(start)!, log);
        browser.StartReading();
        JsonObject ready = await browser._ready.Task.WaitAsync(LaunchTimeout);
        browser.Version = ready["version"]?.GetValue<string>() ?? "";
        return browser;
    }

    /// <summary>Opens a new tab at <paramref name="url"/>.</summary>
    public async Task<IBrowserPage> OpenAsync(string url)
    {
        JsonObject answer = await SendAsync(new JsonObject { ["op"] = "open", ["url"] = url });
        return new FirefoxPage(this, answer["page"]!.GetValue<int>());
    }

    internal async Task<JsonElement> EvaluateAsync(int page, string script, object? arg)
    {
        var request = new JsonObject
        {
            ["op"] = "eval",
            ["page"] = page,
            ["script"] = script,
            ["arg"] = arg is null ? null : JsonSerializer.SerializeToNode(arg),
        };
        JsonObject answer = await SendAsync(request);
        return JsonSerializer.SerializeToElement(answer["result"]);
    }

    private async Task<JsonObject> SendAsync(JsonObject request)
    {
        int id = Interlocked.Increment(ref _nextId);
        request["id"] = id;
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await _writeLock.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(request.ToJsonString());
            await _process.StandardInput.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }

        using var timeout = new CancellationTokenSource(RequestTimeout);
        JsonObject result = await answer.Task.WaitAsync(timeout.Token);
        if (result["error"] is JsonNode error)
        {
            throw new InvalidOperationException($"firefox {request["op"]}: {error}");
        }

        return result;
    }

    private void StartReading()
    {
        _ = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                JsonObject? message;
                try
                {
                    message = JsonNode.Parse(line) as JsonObject;
                }
                catch (JsonException)
                {
                    _log($"firefox driver: {line}");
                    continue;
                }

                if (message is null)
                {
                    continue;
                }

                int id = message["id"]?.GetValue<int>() ?? -1;
                if (id == 0)
                {
                    _ready.TrySetResult(message);
                }
                else if (_pending.TryRemove(id, out TaskCompletionSource<JsonObject>? waiting))
                {
                    waiting.TrySetResult(message);
                }
            }

            var gone = new InvalidOperationException("the Firefox driver exited");
            _ready.TrySetException(gone);
            foreach (TaskCompletionSource<JsonObject> waiting in _pending.Values)
            {
                waiting.TrySetException(gone);
            }
        });
        _ = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                _log($"firefox: {line}");
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await SendAsync(new JsonObject { ["op"] = "close" }).WaitAsync(TimeSpan.FromSeconds(20));
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            _log($"firefox did not close cleanly: {ex.Message}");
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }

    /// <summary>Installs the driver's pinned packages (package-lock.json) once per checkout.</summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(DriverFolder, "node_modules", "puppeteer-core")))
            {
                return;
            }

            var start = new ProcessStartInfo("npm")
            {
                WorkingDirectory = DriverFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(argument);
            }

            using Process npm = Process.Start(start)!;
            Task<string> stdout = npm.StandardOutput.ReadToEndAsync();
            Task<string> stderr = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {DriverFolder} failed:\n{await stdout}{await stderr}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Live.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Live.sln not found above the test output.");
    }
}
