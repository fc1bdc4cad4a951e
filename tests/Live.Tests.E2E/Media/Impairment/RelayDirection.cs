namespace Live.Tests.E2E.Media.Impairment;

/// <summary>A direction through the <see cref="ImpairmentRelay"/>.</summary>
public enum RelayDirection
{
    /// <summary>Browser → silo.</summary>
    Upstream = 0,

    /// <summary>Silo → browser.</summary>
    Downstream = 1,
}
