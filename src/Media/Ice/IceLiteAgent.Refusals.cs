using Live.Media.Net;
using Live.Media.Stun;

namespace Live.Media.Ice;

/// <summary>
/// Bounding the errors the agent sends to checks it could not authenticate. Anyone who learns a transport's ufrag (it
/// travels in every check, in the clear) can send checks with a wrong or missing password, each answered by a 400 or
/// 401 (RFC 8489 §9.1.3) to whatever source address the packet claims: a reflector. The agent answers the first
/// <see cref="UnauthenticatedErrorBurst"/> such checks and then one every <see cref="UnauthenticatedErrorRefill"/>;
/// beyond that it builds no reply and says <see cref="IceCheckOutcome.ErrorRateLimited"/>.
/// </summary>
/// <remarks>
/// One budget per agent (per transport), not per source: the source of an unauthenticated check may be forged, so a
/// per-source budget would multiply with the addresses an attacker claims and need a table that grows with them. The
/// peer is not hurt: its authenticated checks are never limited, and a check of its own that is refused anyway (stale
/// credentials) fails by timing out instead of by the error.
/// </remarks>
public sealed partial class IceLiteAgent
{
    /// <summary>Unauthenticated errors answered back to back before the budget runs dry.</summary>
    public const int UnauthenticatedErrorBurst = 8;

    /// <summary>How often the budget gains one more answer (4 per second at most, sustained).</summary>
    public static readonly TimeSpan UnauthenticatedErrorRefill = TimeSpan.FromMilliseconds(250);

    private readonly TokenBucket _unauthenticatedErrors;

    /// <summary>Writes the 400/401 for <paramref name="outcome"/> if the budget allows, else nothing.</summary>
    private IceCheckOutcome RefuseUnauthenticated(in StunMessageReader request, IceCheckOutcome outcome, Span<byte> response, out int written)
    {
        if (!_unauthenticatedErrors.TryTake())
        {
            written = 0;
            return IceCheckOutcome.ErrorRateLimited;
        }

        written = WriteUnauthenticatedError(request, ErrorCodeFor(outcome), response);
        return outcome;
    }
}
