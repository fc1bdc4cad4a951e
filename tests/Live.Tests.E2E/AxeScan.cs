using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace Live.Tests.E2E;

/// <summary>
/// Accessibility scans with axe-core (npm, pinned in axe/package-lock.json): installed with <c>npm ci</c> on first use
/// (node_modules is never committed), injected into a page with AddScriptTag and run there.
/// </summary>
public static class AxeScan
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private static string? _script;

    /// <summary>The serious and critical violations on the page as it is now, one line each ("rule: target …").</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Content = await ScriptAsync() });
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """);
        return json.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static async Task<string> ScriptAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (_script is not null) return _script;
            var folder = Path.GetFullPath(Path.Combine(SourceFolder, "axe"));
            var file = Path.Combine(folder, "node_modules", "axe-core", "axe.min.js");
            if (!File.Exists(file))
            {
                var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
                using var npm = Process.Start(start)!;
                var output = npm.StandardOutput.ReadToEndAsync();
                var error = npm.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                await npm.WaitForExitAsync(timeout.Token);
                if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {folder} failed:\n{await output}\n{await error}");
            }
            return _script = await File.ReadAllTextAsync(file);
        }
        finally { Install.Release(); }
    }

    /// <summary>This test project's source folder (recorded at build time next to the web root).</summary>
    private static string SourceFolder =>
        typeof(AxeScan).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().First(a => a.Key == "E2ESourceFolder").Value!;
}
