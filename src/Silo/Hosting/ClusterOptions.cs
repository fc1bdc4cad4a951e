namespace Live.Silo.Hosting;

/// <summary>How silos find each other and where grain state lives (section <c>Live:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string Section = "Live:Cluster";

    /// <summary>Localhost clustering and in-memory storage: the first-run default.</summary>
    public const string Embedded = "Embedded";

    /// <summary>Embedded by default.</summary>
    public string Provider { get; set; } = Embedded;

    /// <summary>Orleans' customary silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans' customary client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Throws a message that says what to fix when the configuration cannot work.</summary>
    public void Validate()
    {
        if (Provider != Embedded)
            throw new InvalidOperationException($"Live:Cluster:Provider '{Provider}' is not known; use '{Embedded}'.");
        if (SiloPort is <= 0 or > 65535 || GatewayPort is <= 0 or > 65535)
            throw new InvalidOperationException("Live:Cluster:SiloPort and GatewayPort must be TCP ports (1-65535).");
    }
}
