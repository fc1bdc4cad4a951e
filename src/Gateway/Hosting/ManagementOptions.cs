using Microsoft.AspNetCore.Http;

namespace Live.Gateway.Hosting;

/// <summary>
/// The gateway's operator door (<c>Live:Management</c>): where <c>/metrics</c> is served, away from the public port that
/// browsers and the Ingress reach. Health endpoints stay on every port, where the probes need them.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Live:Management";

    /// <summary>
    /// Addresses of the management port, separated by ';' (e.g. <c>http://0.0.0.0:9090</c>); Prometheus scrapes
    /// <c>/metrics</c> there without credentials. Empty (the embedded default): <c>/metrics</c> is served on the public
    /// port to requests with the API key only.
    /// </summary>
    public string Urls { get; set; } = "";

    /// <summary>The management addresses, one per entry.</summary>
    public IReadOnlyList<string> Addresses() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The ports of the management addresses (the metrics answer only on these).</summary>
    public IReadOnlyList<int> Ports() => [.. Addresses().Select(a => BindingAddress.Parse(a).Port).Distinct()];

    /// <summary>Why these options cannot work next to the public addresses, or null.</summary>
    public string? Problem(IEnumerable<string> publicUrls)
    {
        foreach (var address in Addresses())
        {
            BindingAddress parsed;
            try
            {
                parsed = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                return $"Live:Management:Urls: '{address}' is not an address like http://0.0.0.0:9090.";
            }
            if (parsed.Port <= 0) return $"Live:Management:Urls: '{address}' needs an explicit port.";
        }
        var shared = Ports().Intersect(publicUrls.Select(u => BindingAddress.Parse(u).Port)).ToList();
        return shared.Count > 0 ? $"Live:Management:Urls shares port {shared[0]} with the public urls; give it a port of its own." : null;
    }
}
