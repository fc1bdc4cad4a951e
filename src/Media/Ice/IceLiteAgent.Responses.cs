using System.Net;
using Live.Media.Net;
using Live.Media.Stun;

namespace Live.Media.Ice;

/// <summary>Writing the agent's success and error responses into the caller's buffer.</summary>
public sealed partial class IceLiteAgent
{
    // Enough to tell the peer what went wrong while keeping the response size bounded.
    private const int MaxReportedUnknownAttributes = 8;

    private static int WriteSuccess(in StunMessageReader request, SocketAddress remote, CredentialSet credentials, Span<byte> response)
    {
        Span<byte> address = stackalloc byte[SocketAddressParts.IPv6Length];
        if (!SocketAddressParts.TryGetAddress(remote, address, out int addressLength, out ushort port))
        {
            return 0;
        }

        // RFC 8445 §7.3.1.2 / RFC 8489 §6.3.1.1: XOR-MAPPED-ADDRESS of the source, integrity with the local password.
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(address[..addressLength], port);
        writer.AddMessageIntegrity(credentials.Key);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>
    /// An error for a request that could not be authenticated: RFC 8489 §9.1.3 forbids MESSAGE-INTEGRITY in it.
    /// FINGERPRINT is still added: ICE puts it on every check and response (RFC 8445 §7).
    /// </summary>
    private static int WriteUnauthenticatedError(in StunMessageReader request, int code, Span<byte> response)
    {
        var writer = new StunMessageWriter(response, ErrorType(request), request.TransactionId);
        writer.AddErrorCode(code);
        writer.AddFingerprint();
        return writer.Length;
    }

    private static int WriteAuthenticatedError(in StunMessageReader request, int code, CredentialSet credentials, Span<byte> response)
    {
        var writer = new StunMessageWriter(response, ErrorType(request), request.TransactionId);
        writer.AddErrorCode(code);
        writer.AddMessageIntegrity(credentials.Key);
        writer.AddFingerprint();
        return writer.Length;
    }

    // RFC 8489 §6.3.1.1: 420 lists the comprehension-required attributes that were not understood.
    private static int WriteUnknownAttributes(in StunMessageReader request, CredentialSet credentials, Span<byte> response)
    {
        Span<ushort> unknown = stackalloc ushort[MaxReportedUnknownAttributes];
        int count = 0;
        foreach (StunAttributeView attribute in request)
        {
            if (attribute.Type == StunAttributeType.MessageIntegrity)
            {
                break;
            }

            if (IsUnknownRequired(attribute.Type) && count < unknown.Length)
            {
                unknown[count++] = (ushort)attribute.Type;
            }
        }

        var writer = new StunMessageWriter(response, ErrorType(request), request.TransactionId);
        writer.AddErrorCode(StunErrorCode.UnknownAttribute);
        writer.AddUnknownAttributes(unknown[..count]);
        writer.AddMessageIntegrity(credentials.Key);
        writer.AddFingerprint();
        return writer.Length;
    }

    private static bool HasUnknownRequiredAttributes(in StunMessageReader request)
    {
        // RFC 8489 §14.5: what follows MESSAGE-INTEGRITY is ignored, so it cannot be "not understood" either.
        foreach (StunAttributeView attribute in request)
        {
            if (attribute.Type == StunAttributeType.MessageIntegrity)
            {
                return false;
            }

            if (IsUnknownRequired(attribute.Type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnknownRequired(StunAttributeType type) =>
        type.IsComprehensionRequired() && type is not (
            StunAttributeType.Username
            or StunAttributeType.MessageIntegrity
            or StunAttributeType.MessageIntegritySha256
            or StunAttributeType.Priority
            or StunAttributeType.UseCandidate);

    private static StunMessageType ErrorType(in StunMessageReader request) =>
        new(request.Type.Method, StunMessageClass.ErrorResponse);
}
