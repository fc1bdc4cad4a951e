using System.Diagnostics;

namespace Live.Tests.Integration.Deployment;

/// <summary>
/// Every manifest under k8s/ matches the Kubernetes schema of its apiVersion and kind, checked offline by
/// scripts/k8s-validate (Node.js with the pinned kubernetes-models schemas, installed with <c>npm ci</c> on first use),
/// and the validator really refuses a broken manifest.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class KubernetesSchemaTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly string Validator = Path.Combine(Root, "scripts", "k8s-validate");
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    [Fact]
    public async Task EveryManifest_MatchesTheKubernetesSchemas()
    {
        var (exit, output) = await ValidateAsync(Path.Combine(Root, "k8s"));

        Assert.True(exit == 0, "k8s-validate found problems:\n" + output);
        Assert.Matches(@"k8s-validate: [1-9][0-9]* documents in [1-9][0-9]* files match", output);
    }

    [Fact]
    public async Task BrokenManifest_Refused_NamingFileKindAndField()
    {
        var broken = System.IO.Directory.CreateTempSubdirectory("live-k8s-broken-");
        try
        {
            // A quoted port is a string where the schema wants an integer; kubectl would refuse it too.
            var silo = await File.ReadAllTextAsync(Path.Combine(Root, "k8s", "base", "silo.yaml"));
            Assert.Contains("containerPort: 5090,", silo);
            await File.WriteAllTextAsync(Path.Combine(broken.FullName, "silo.yaml"), silo.Replace("containerPort: 5090,", "containerPort: \"5090\","));
            // A resource without its required field, in a second document.
            await File.WriteAllTextAsync(Path.Combine(broken.FullName, "service.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine }\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: pdb }\nspec: { maxUnavailable: [1] }\n");

            var (exit, output) = await ValidateAsync(broken.FullName);

            Assert.Equal(1, exit);
            Assert.Matches(@"silo\.yaml \(document 1\) Deployment/live-silo: /spec/template/spec/containers/0/ports/0/containerPort must be integer", output);
            Assert.Matches(@"service\.yaml \(document 2\) PodDisruptionBudget/pdb: /spec/maxUnavailable", output);
            Assert.DoesNotContain("ConfigMap/fine", output);
        }
        finally
        {
            broken.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> ValidateAsync(string path)
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", [Path.Combine(Validator, "validate.mjs"), path], TimeSpan.FromMinutes(1));
    }

    /// <summary>Installs the validator's pinned packages (package-lock.json) once per checkout.</summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Validator, "node_modules", "kubernetes-models"))) return;
            var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, $"npm ci in {Validator} failed:\n{output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = Validator,
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
            throw new InvalidOperationException($"'{command}' is not installed: the manifest check needs Node.js and npm.", ex);
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
