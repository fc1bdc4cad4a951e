using System.Globalization;
using System.Text;

namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>
/// Reads and writes the feedback traces under TestData/bwe: '#' comment lines, a header, then one row per packet —
/// transport_seq,send_time_us,size_bytes,arrival_time_us (−1 when the packet was lost).
/// </summary>
internal static class BweTrace
{
    public const string Header = "transport_seq,send_time_us,size_bytes,arrival_time_us";

    public static string Write(string description, IReadOnlyList<TraceRow> rows)
    {
        var text = new StringBuilder();
        foreach (string line in description.Split('\n'))
        {
            text.Append("# ").Append(line).Append('\n');
        }

        text.Append(Header).Append('\n');
        foreach (TraceRow row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.TransportSequence},{row.SendTimeUs},{row.SizeBytes},{row.ArrivalTimeUs}\n");
        }

        return text.ToString();
    }

    public static List<TraceRow> Read(string text)
    {
        var rows = new List<TraceRow>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || line == Header)
            {
                continue;
            }

            string[] f = line.Split(',');
            rows.Add(new TraceRow(
                int.Parse(f[0], CultureInfo.InvariantCulture),
                long.Parse(f[1], CultureInfo.InvariantCulture),
                int.Parse(f[2], CultureInfo.InvariantCulture),
                long.Parse(f[3], CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
