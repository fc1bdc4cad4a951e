using System.Diagnostics;

namespace Live.SfuLoad;

/// <summary>A process's CPU time (utime + stime of /proc/&lt;pid&gt;/stat), RSS and thread count at one moment.</summary>
public readonly record struct ProcessSample(long Timestamp, double CpuSeconds, long RssBytes, int Threads)
{
    // Linux reports utime and stime in clock ticks of USER_HZ, 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static ProcessSample Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name; utime, stime and num_threads are fields 14, 15 and 20 (1-based).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        long rss = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:")) rss = 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return new ProcessSample(Stopwatch.GetTimestamp(), ticks / TicksPerSecond, rss, int.Parse(fields[17]));
    }

    public static double SecondsBetween(ProcessSample from, ProcessSample to) => Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
}

/// <summary>Host-wide figures: the load average, and UDP datagrams the kernel dropped for full receive buffers.</summary>
public static class HostSample
{
    public static string LoadAverage() => string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>RcvbufErrors of the Udp line in /proc/net/snmp (the second Udp line holds the values).</summary>
    public static long UdpReceiveBufferErrors()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:")).ToArray();
        int column = Array.IndexOf(lines[0].Split(' '), "RcvbufErrors");
        return long.Parse(lines[1].Split(' ')[column]);
    }
}
