namespace Live.Media.Sdp;

/// <summary>An a=msid value (RFC 8830 §2): the MediaStream id and the optional track id.</summary>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    /// <summary>Parses "&lt;stream id&gt;[ &lt;track id&gt;]".</summary>
    public static bool TryParse(string value, out SdpMsid msid)
    {
        string[] parts = value.Split(' ');
        if (parts.Length is < 1 or > 2 || parts.Any(string.IsNullOrEmpty))
        {
            msid = null!;
            return false;
        }

        msid = new SdpMsid(parts[0], parts.Length == 2 ? parts[1] : null);
        return true;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";
}
