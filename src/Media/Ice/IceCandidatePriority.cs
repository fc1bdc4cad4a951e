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

    // RFC 6544 §4.2: local preference = 2^13 * direction-pref + other-pref; passive host candidates get direction-pref 4
    // (active 6, simultaneous-open 2), other-pref 0-8191 (8191 for the only address).
    public const int TcpPassiveDirectionPreference = 4;
    public const int MaxTcpOtherPreference = 8191;
    public const int TcpPassiveLocalPreference = (1 << 13) * TcpPassiveDirectionPreference + MaxTcpOtherPreference;

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

    /// <summary>
    /// The priority of the passive TCP host candidate (RFC 6544 §4.2). Its local preference (40959) is below the UDP
    /// candidate's (65535), so a browser that can reach both prefers UDP, as RFC 6544 §4.2 recommends.
    /// </summary>
    public static uint HostTcpPassive(int componentId = RtpComponentId) =>
        Compute(HostTypePreference, TcpPassiveLocalPreference, componentId);
}
