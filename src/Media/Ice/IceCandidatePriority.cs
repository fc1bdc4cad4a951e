namespace Live.Media.Ice;

/// <summary>
/// Candidate priority per RFC 8445 §5.1.2.1: 2^24 × type preference + 2^8 × local preference + (256 − component id).
/// </summary>
public static class IceCandidatePriority
{
    // RFC 8445 §5.1.2.2: recommended type preference for host candidates.
    public const int HostTypePreference = 126;

    // RFC 8445 §5.1.2.1: a single-homed agent SHOULD use the maximum local preference.
    public const int MaxLocalPreference = 65535;

    // RFC 8445 §5.1.2.1: type preference 0-126, component id 1-256.
    public const int MaxTypePreference = 126;
    public const int MaxComponentId = 256;

    // With rtcp-mux (RFC 5761) and BUNDLE everything travels in component 1.
    public const int RtpComponentId = 1;

    public static uint Compute(int typePreference, int localPreference, int componentId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, MaxTypePreference);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, MaxLocalPreference);
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, MaxComponentId);
        return ((uint)typePreference << 24) + ((uint)localPreference << 8) + (uint)(256 - componentId);
    }

    /// <summary>The priority of a host candidate on a single-homed server.</summary>
    public static uint Host(int componentId = RtpComponentId) =>
        Compute(HostTypePreference, MaxLocalPreference, componentId);
}
