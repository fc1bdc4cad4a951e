namespace Live.Media.Rtp;

/// <summary>The "defined by profile" values that mark RFC 8285 header extension blocks.</summary>
public static class RtpExtensionProfile
{
    /// <summary>RFC 8285 §4.2: one-byte header form.</summary>
    public const ushort OneByte = 0xBEDE;

    /// <summary>RFC 8285 §4.3: two-byte header form is 0x100 followed by 4 "appbits".</summary>
    public const ushort TwoByte = 0x1000;

    /// <summary>Mask that drops the 4 appbits of the two-byte profile value.</summary>
    public const ushort TwoByteMask = 0xFFF0;

    /// <summary>RFC 8285 §4.2: one-byte IDs are 1–14; 15 is reserved and stops parsing.</summary>
    public const byte OneByteMaxId = 14;

    /// <summary>RFC 8285 §4.2: one-byte elements carry 1–16 bytes of data.</summary>
    public const int OneByteMaxLength = 16;

    /// <summary>RFC 8285 §4.3: two-byte elements carry 0–255 bytes of data.</summary>
    public const int TwoByteMaxLength = 255;
}
