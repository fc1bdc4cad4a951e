using System.Globalization;

namespace Live.Media.Sdp;

/// <summary>An a=extmap value (RFC 8285 §8): local ID, optional direction, extension URI and optional attributes.</summary>
public sealed record SdpExtmap(int Id, string Uri, string? Direction = null, string? Attributes = null)
{
    /// <summary>RFC 8285 §5: IDs 1–14 use the one-byte form, 1–255 the two-byte form.</summary>
    public const int MaxId = 255;

    /// <summary>Parses "&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt;[ &lt;attributes&gt;]".</summary>
    public static bool TryParse(string value, out SdpExtmap extmap)
    {
        extmap = null!;
        string[] parts = value.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0)
        {
            return false;
        }

        string idPart = parts[0];
        string? direction = null;
        int slash = idPart.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            direction = idPart[(slash + 1)..];
            idPart = idPart[..slash];
            if (direction is not ("sendrecv" or "sendonly" or "recvonly" or "inactive"))
            {
                return false;
            }
        }

        if (!int.TryParse(idPart, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id is < 1 or > MaxId)
        {
            return false;
        }

        extmap = new SdpExtmap(id, parts[1], direction, parts.Length == 3 ? parts[2] : null);
        return true;
    }

    /// <summary>The attribute value.</summary>
    public override string ToString()
    {
        string id = Direction is null ? Id.ToString(CultureInfo.InvariantCulture) : $"{Id}/{Direction}";
        return Attributes is null ? $"{id} {Uri}" : $"{id} {Uri} {Attributes}";
    }
}
