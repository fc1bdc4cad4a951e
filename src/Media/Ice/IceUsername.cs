using System.Text;
using Live.Media.Stun;

namespace Live.Media.Ice;

/// <summary>
/// The USERNAME of a connectivity check, "receiver ufrag:sender ufrag" (RFC 8445 §7.2.2). For the SFU the receiver is
/// itself, so the part before the colon names the local transport; that lets the shared port route a first check.
/// </summary>
public static class IceUsername
{
    public const byte Separator = (byte)':';

    /// <summary>The USERNAME the remote peer sends to this agent: "localUfrag:remoteUfrag" in UTF-8.</summary>
    public static byte[] ForIncomingCheck(string localUfrag, string remoteUfrag) =>
        Encoding.UTF8.GetBytes($"{localUfrag}:{remoteUfrag}");

    /// <summary>
    /// Finds the local ufrag in a STUN Binding request without allocating; false when the datagram is not STUN or
    /// has no "x:y" USERNAME. Nothing is authenticated yet: use it only to pick the agent that will check.
    /// </summary>
    public static bool TryGetLocalUfrag(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> localUfrag)
    {
        localUfrag = default;
        if (!StunMessageReader.TryParse(datagram, out StunMessageReader reader)
            || !reader.TryGetAttribute(StunAttributeType.Username, out ReadOnlySpan<byte> username))
        {
            return false;
        }

        int colon = username.IndexOf(Separator);
        if (colon <= 0)
        {
            return false;
        }

        localUfrag = username[..colon];
        return true;
    }
}
