namespace Live.Media.Sdp;

/// <summary>An a=rid value (RFC 8851 §4): restriction identifier, direction ("send"/"recv") and optional restrictions.</summary>
public sealed record SdpRid(string Id, string Direction, string? Restrictions = null)
{
    /// <summary>Parses "&lt;id&gt; &lt;send|recv&gt;[ &lt;restrictions&gt;]".</summary>
    public static bool TryParse(string value, out SdpRid rid)
    {
        rid = null!;
        string[] parts = value.Split(' ', 3);
        if (parts.Length < 2 || !SdpSimulcast.IsValidRid(parts[0]) || parts[1] is not ("send" or "recv"))
        {
            return false;
        }

        rid = new SdpRid(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString() => Restrictions is null ? $"{Id} {Direction}" : $"{Id} {Direction} {Restrictions}";
}
