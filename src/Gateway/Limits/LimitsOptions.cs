using System.Net;

namespace Live.Gateway.Limits;

/// <summary>
/// Per-client-address rate limits of the gateway (<c>Live:Limits</c>). An address is whoever opens the TCP connection,
/// or, behind a proxy listed in <see cref="TrustedProxies"/>, the client it names in <c>X-Forwarded-For</c>.
/// The defaults are sized for the worst honest case: a focus group of 8 respondents and 50 observers (and a host)
/// behind one corporate NAT, all reconnecting at once after a gateway restart, each re-offering media for every new
/// track, and a host importing 200 invites at once — none of that comes near them; a script hammering the door does.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Live:Limits";

    /// <summary>
    /// REST calls under <c>/api</c>. 1,000 at once covers a 200-line bulk invite plus every page of the NAT's 59 people
    /// loading (about 3 calls each); 20 a second sustained is several times what the same room uses.
    /// </summary>
    public RateLimit Api { get; set; } = new() { Burst = 1_000, PerSecond = 20 };

    /// <summary>
    /// Hub connections (the negotiate request and the WebSocket, each counts). 300 at once: the 59 people behind the NAT
    /// reconnecting together with two tabs each (2 requests per connection) is 236; then 5 a second.
    /// </summary>
    public RateLimit HubConnects { get; set; } = new() { Burst = 300, PerSecond = 5 };

    /// <summary>
    /// Media negotiations (the hub's <c>Negotiate</c> and the connection check's probe). A new track makes every
    /// browser re-offer, so 10 tracks appearing in a minute cost the NAT's 59 browsers about 590; each one costs the SFU
    /// an ICE and DTLS setup, which is what a flood would exhaust.
    /// </summary>
    public RateLimit MediaNegotiations { get; set; } = new() { Burst = 1_000, PerSecond = 20 };

    /// <summary>
    /// Proxies (the Ingress controller, a load balancer) whose <c>X-Forwarded-For</c> names the client; addresses or
    /// CIDR ranges (<c>Live__Limits__TrustedProxies__0=10.0.0.0/8</c>). Empty: the connection's own address counts,
    /// and every client behind an untrusted proxy shares one budget.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Why these options cannot work, or null.</summary>
    public string? Problem()
    {
        foreach (var (name, limit) in new[] { ("Api", Api), ("HubConnects", HubConnects), ("MediaNegotiations", MediaNegotiations) })
        {
            if (limit.Burst < 1 || limit.PerSecond < 1)
                return $"Live:Limits:{name} needs Burst and PerSecond of at least 1 (got {limit.Burst} and {limit.PerSecond}).";
        }
        foreach (var proxy in TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
                return $"Live:Limits:TrustedProxies has '{proxy}', which is neither an IP address nor a CIDR range.";
        }
        return null;
    }
}

/// <summary>A token bucket: up to <see cref="Burst"/> requests at once, refilled at <see cref="PerSecond"/>.</summary>
public sealed class RateLimit
{
    public int Burst { get; set; }
    public int PerSecond { get; set; }
}
