namespace Live.Grains.Media;

/// <summary>The key of an edge router grain: <c>{sessionId}|{silo address}</c> (the silo's parsable form).</summary>
public static class MediaEdgeKey
{
    private const char Separator = '|';

    public static string Create(string sessionId, SiloAddress silo) => $"{sessionId}{Separator}{silo.ToParsableString()}";

    /// <summary>Splits a key; false when it is not one (no separator, or not a silo address after it).</summary>
    public static bool TryParse(string key, out string sessionId, out SiloAddress? silo)
    {
        sessionId = string.Empty;
        silo = null;
        int at = key.LastIndexOf(Separator);
        if (at <= 0)
        {
            return false;
        }

        try
        {
            silo = SiloAddress.FromParsableString(key[(at + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }

        sessionId = key[..at];
        return true;
    }

    /// <summary>The name of the edge's router in its silo's SFU: never the session's own router id.</summary>
    public static string RouterId(string sessionId) => $"{sessionId}/edge";
}
