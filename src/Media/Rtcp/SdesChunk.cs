namespace Live.Media.Rtcp;

/// <summary>One SDES chunk (RFC 3550 §6.5): a source and the items that describe it.</summary>
public sealed record SdesChunk(uint Ssrc, IReadOnlyList<SdesItem> Items)
{
    /// <summary>The CNAME item's text, or null when the chunk has none.</summary>
    public string? Cname => Items.FirstOrDefault(i => i.Type == SdesItem.CnameType).Text;
}
