using System.Globalization;

namespace Live.SfuLoad;

/// <summary>
/// Bytes the Live gateway process allocated, read from its /metrics: <c>system_runtime_alloc_total</c> is
/// prometheus-net's running sum of the runtime's alloc-rate event counter (GC.GetTotalAllocatedBytes deltas), for the
/// whole process. It advances once per counter interval, so a window's difference is exact up to one interval's shift.
/// </summary>
public sealed class AllocationCounter(string baseUrl, string apiKey)
{
    public const string Metric = "system_runtime_alloc_total";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<double?> ReadAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl.TrimEnd('/') + "/metrics");
            request.Headers.Add("x-api-key", apiKey);
            using var response = await _http.SendAsync(request);
            foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
                if (line.StartsWith(Metric + " ")) return double.Parse(line[(Metric.Length + 1)..], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException)
        {
            Console.Error.WriteLine($"# sfu-load: {Metric} unreadable: {e.Message}");
        }

        return null;
    }
}
