namespace Live.Media.Ice;

/// <summary>
/// What <see cref="IceLiteAgent.HandleBindingRequest"/> did with a datagram, and whether a response was written.
/// </summary>
public enum IceCheckOutcome
{
    /// <summary>Not a well-formed STUN message, or its FINGERPRINT is wrong: nothing to send.</summary>
    NotStun,
    /// <summary>
    /// Valid STUN that needs no answer and is no keepalive: a response (a lite agent sends no checks, RFC 8445 §2.5), an
    /// indication of another method, or a check from a source that is no IP address: nothing to send.
    /// </summary>
    Ignored,
    /// <summary>An authenticated check: a success response was written and consent refreshed.</summary>
    Accepted,
    /// <summary>As <see cref="Accepted"/>, and USE-CANDIDATE nominated the sender as the selected remote address.</summary>
    Nominated,
    /// <summary>400: USERNAME or MESSAGE-INTEGRITY missing, or not a Binding request (RFC 8489 §9.1.3, §6.3.1).</summary>
    BadRequest,
    /// <summary>401: wrong USERNAME or MESSAGE-INTEGRITY (RFC 8489 §9.1.3).</summary>
    Unauthorized,
    /// <summary>420: a comprehension-required attribute this agent does not know (RFC 8489 §6.3.1.1).</summary>
    UnknownAttribute,
    /// <summary>487: the peer also claims the controlled role; a lite agent never controls (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,
    /// <summary>
    /// A Binding indication, the keepalive of RFC 8445 §11: nothing to send. Not authenticated, so it refreshes no
    /// consent (RFC 7675 §5.1).
    /// </summary>
    Keepalive,
    /// <summary>
    /// A 400 or 401 was due, but the agent already sent its budget of unauthenticated errors
    /// (<see cref="IceLiteAgent.UnauthenticatedErrorBurst"/>): nothing to send.
    /// </summary>
    ErrorRateLimited,
}
