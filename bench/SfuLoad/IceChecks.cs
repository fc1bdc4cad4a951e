using System.Net;
using Live.Media.Stun;

namespace Live.SfuLoad;

/// <summary>
/// Writes the STUN messages of the client's side of ICE: connectivity and consent checks (RFC 8445 §7.1.1,
/// RFC 7675 §5.1) and the success responses to the server's own checks (RFC 8445 §7.3.1.3).
/// </summary>
public static class IceChecks
{
    // RFC 8445 §5.1.2.1: peer-reflexive type preference 110, local preference 65535, component 1 (§7.1.1).
    private const uint PeerReflexivePriority = (110u << 24) | (65535u << 8) | (256 - 1);

    public static int WriteRequest(Span<byte> buffer, StunTransactionId id, string username, IceRole role, ulong tieBreaker,
        bool nominate, ReadOnlySpan<byte> remotePasswordKey)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
        writer.AddText(StunAttributeType.Username, username);
        writer.AddUInt32(StunAttributeType.Priority, PeerReflexivePriority);
        writer.AddUInt64(role == IceRole.Controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, tieBreaker);
        if (nominate) writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddMessageIntegrity(remotePasswordKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    public static int WriteSuccess(Span<byte> buffer, StunTransactionId id, IPEndPoint source, ReadOnlySpan<byte> localPasswordKey)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, id);
        writer.AddXorMappedAddress(source);
        writer.AddMessageIntegrity(localPasswordKey);
        writer.AddFingerprint();
        return writer.Length;
    }
}
