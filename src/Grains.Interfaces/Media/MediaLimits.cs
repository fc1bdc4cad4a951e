namespace Live.Media;

/// <summary>Bounds on media signaling input.</summary>
public static class MediaLimits
{
    /// <summary>Chromium's offers with a few dozen media sections stay well under this (RFC 8866 sets no limit; this is ours).</summary>
    public const int MaxSdpLength = 64 * 1024;

    /// <summary>Media sections in one offer: three of one's own plus subscriptions.</summary>
    public const int MaxSections = 64;
}
