using System.Diagnostics;

namespace Live.Tests.Integration.Deployment;

/// <summary>
/// Runs the offline checks of scripts/k8s-validate (Node.js with pinned packages, installed with <c>npm ci</c> on first
/// use): <c>validate.mjs</c> for Kubernetes manifests, <c>validate-dashboards.mjs</c> for Grafana dashboards.
/// </summary>
public static class NodeValidator
{
    public static readonly string Root = RepositoryRoot();
    private static readonly string Directory = Path.Combine(Root, "scripts", "k8s-validate");
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Runs one of the validator's scripts on a path; returns its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string script, string path)
    {
        await EnsureInstalledAsync();
        return await RunProcessAsync("node", [Path.Combine(Directory, script), path], TimeSpan.FromMinutes(1));
    }

    /// <summary>Installs the validator's pinned packages (package-lock.json) once per checkout.</summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            // ajv is a direct dependency since the dashboard check: a checkout installed before it needs npm ci again.
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "kubernetes-models"))
                && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "ajv-formats"))) return;
            var (exit, output) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, $"npm ci in {Directory} failed:\n{output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string command, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{command}' is not installed: the offline checks need Node.js and npm.", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} {string.Join(' ', arguments)} took longer than {timeout}.");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Live.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Live.sln not found above the test output.");
    }
}
