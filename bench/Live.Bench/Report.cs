using System.Globalization;
using System.Runtime.InteropServices;

namespace Live.Bench;

/// <summary>Output: figure lines start with <c>RESULT &lt;benchmark&gt;</c> and are key=value pairs; notes start with <c>#</c>.</summary>
public static class Report
{
    public static void Line(string benchmark, string fields) => Console.WriteLine($"RESULT {benchmark} {fields}");

    public static void Note(string text) => Console.WriteLine($"# {DateTime.UtcNow:HH:mm:ss} {text}");

    public static string Fields(params (string Key, object Value)[] fields) => string.Join(' ', fields.Select(f => $"{f.Key}={Format(f.Value)}"));

    private static string Format(object value) => value switch
    {
        double d when double.IsNaN(d) || double.IsInfinity(d) => "n/a",
        double d => d.ToString(Math.Abs(d) >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The machine and versions, for docs/benchmarks.md.</summary>
    public static void Machine()
    {
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown";
        Console.WriteLine($"MACHINE nproc={Environment.ProcessorCount} mem_gib={long.Parse(memKb) / 1048576.0:0.0} cpu=\"{cpu}\" "
            + $"os=\"{RuntimeInformation.OSDescription}\" dotnet={Environment.Version} signalr_client={typeof(Microsoft.AspNetCore.SignalR.Client.HubConnection).Assembly.GetName().Version}");
    }
}
