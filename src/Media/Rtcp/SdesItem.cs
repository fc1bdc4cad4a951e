namespace Live.Media.Rtcp;

/// <summary>One SDES item (RFC 3550 §6.5): a type (1 = CNAME) and up to 255 bytes of UTF-8 text.</summary>
public readonly record struct SdesItem(byte Type, string Text)
{
    /// <summary>RFC 3550 §6.5.1: canonical end-point identifier.</summary>
    public const byte CnameType = 1;
}
