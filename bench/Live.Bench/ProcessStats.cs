using System.Diagnostics;

namespace Live.Bench;

/// <summary>CPU time and memory of a process, read from /proc (utime+stime of /proc/&lt;pid&gt;/stat, VmRSS and VmHWM of /status).</summary>
public readonly record struct ProcessSample(long Timestamp, TimeSpan Cpu, long RssBytes, long PeakRssBytes)
{
    /// <summary>Linux reports utime and stime in clock ticks; USER_HZ is 100 on every supported architecture.</summary>
    private const double TicksPerSecond = 100;

    public static ProcessSample Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:")) rss = Kib(line);
            else if (line.StartsWith("VmHWM:")) hwm = Kib(line);
        }
        return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(ticks / TicksPerSecond), rss, hwm);
    }

    public static ProcessSample Self() => Of(Environment.ProcessId);

    /// <summary>CPU used between two samples, in percent of one core.</summary>
    public static double CpuPercent(ProcessSample from, ProcessSample to) =>
        100 * (to.Cpu - from.Cpu).TotalSeconds / Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;

    private static long Kib(string line) => 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}

/// <summary>The whole machine's CPU counters (first line of /proc/stat), to tell when all cores are busy, whoever uses them.</summary>
public readonly record struct MachineSample(long Busy, long Total)
{
    public static MachineSample Now()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        var total = fields.Take(8).Sum();  // user nice system idle iowait irq softirq steal
        return new MachineSample(total - idle, total);
    }

    /// <summary>Share of all cores busy between two samples, in percent.</summary>
    public static double BusyPercent(MachineSample from, MachineSample to) =>
        to.Total == from.Total ? double.NaN : 100.0 * (to.Busy - from.Busy) / (to.Total - from.Total);
}
