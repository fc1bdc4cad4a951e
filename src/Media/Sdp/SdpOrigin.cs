namespace Live.Media.Sdp;

/// <summary>The o= line (RFC 8866 §5.2): username, session id and version, and the originator's address.</summary>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>Parses the value of an o= line (six space-separated fields).</summary>
    public static bool TryParse(string value, out SdpOrigin origin)
    {
        string[] parts = value.Split(' ');
        if (parts.Length != 6 || parts.Any(string.IsNullOrEmpty))
        {
            origin = null!;
            return false;
        }

        origin = new SdpOrigin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    /// <summary>The o= line value.</summary>
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
