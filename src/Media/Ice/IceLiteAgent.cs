using System.Net;
using Live.Media.Net;
using Live.Media.Stun;

namespace Live.Media.Ice;

/// <summary>
/// An ICE-lite agent (RFC 8445 §2.5) for one transport on the SFU: it never sends checks and is always controlled.
/// It answers the browser's Binding requests, selects the remote address of a USE-CANDIDATE check, and tracks
/// consent freshness (RFC 7675) from the checks it keeps receiving.
/// </summary>
/// <remarks>
/// A browser may nominate more than one pair: Firefox nominates aggressively (RFC 5245 §8.1.1.2, every check carries
/// USE-CANDIDATE), so its UDP and TCP checks can both nominate within milliseconds, in either order. As RFC 5245
/// §8.1.1.2 and RFC 8445 §8.1.1 require, the pair with the highest priority wins: a lower-priority nomination takes
/// over only once the selected pair has gone quiet for <see cref="SelectedPairQuietAfter"/> (the browser moved on,
/// e.g. UDP got blocked), or after an ICE restart, which starts a new ICE session whose first nomination wins.
/// <para/>
/// <see cref="HandleBindingRequest"/> runs on the receive thread and allocates nothing unless the selected address
/// changes; credentials may be replaced from another thread (signaling) at any time.
/// </remarks>
public sealed partial class IceLiteAgent
{
    // RFC 7675 §5.1: consent expires when no check has succeeded for 30 seconds.
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the selected pair may go without a valid check before a lower-priority nomination replaces it. Above
    /// the 4–6 s consent interval browsers keep on a live pair (RFC 7675 §5.1), so a healthy pair is never displaced.
    /// </summary>
    public static readonly TimeSpan SelectedPairQuietAfter = TimeSpan.FromSeconds(6);

    // Largest response this agent writes: header + ERROR-CODE with its reason + UNKNOWN-ATTRIBUTES
    // (at most MaxReportedUnknownAttributes) + MESSAGE-INTEGRITY + FINGERPRINT, rounded up.
    public const int MinResponseBufferLength = 160;

    private readonly TimeProvider _time;
    private volatile CredentialSet _credentials;
    private volatile SocketAddress? _selected;
    private readonly Lock _nominationLock = new();
    // The selected pair's priority (RFC 8445 §6.1.2.3); 0 before nomination and after an ICE restart, so any wins.
    private ulong _selectedPairPriority;
    private long _lastValidCheckTimestamp;

    public IceLiteAgent(IceCredentials localCredentials, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        _time = timeProvider ?? TimeProvider.System;
        _credentials = new CredentialSet(localCredentials, remoteUfrag: null, remotePassword: null);
        _unauthenticatedErrors = new TokenBucket(_time, UnauthenticatedErrorBurst, UnauthenticatedErrorRefill);

        // Consent is counted from creation, so a transport nobody ever checks also expires.
        _lastValidCheckTimestamp = _time.GetTimestamp();
    }

    /// <summary>Raised on the receive thread when a USE-CANDIDATE check selects a new remote address.</summary>
    public event Action<IceLiteAgent, SocketAddress>? SelectedRemoteChanged;

    public IceCredentials LocalCredentials => _credentials.Local;

    public string? RemoteUfrag => _credentials.RemoteUfrag;

    /// <summary>The remote address of the nominated pair, or null before nomination. A copy owned by the agent.</summary>
    public SocketAddress? SelectedRemote => _selected;

    public bool IsNominated => _selected is not null;

    /// <summary>
    /// Learns the browser's a=ice-ufrag (and a=ice-pwd, kept for completeness: a lite agent never sends checks, so only
    /// its own password is ever used). Until this is called, any sender ufrag is accepted after "localUfrag:".
    /// </summary>
    public void SetRemoteCredentials(string remoteUfrag, string? remotePassword = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        CredentialSet current = _credentials;
        _credentials = new CredentialSet(current.Local, remoteUfrag, remotePassword);
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): new local credentials and the peer's new ufrag. The selected address and consent
    /// carry over, so media keeps flowing until the peer's checks with the new credentials nominate again; that
    /// first nomination of the new ICE session wins whatever its priority (the old pair may be the broken one).
    /// </summary>
    public void Restart(IceCredentials newLocalCredentials, string? newRemoteUfrag, string? newRemotePassword = null)
    {
        ArgumentNullException.ThrowIfNull(newLocalCredentials);
        lock (_nominationLock)
        {
            _credentials = new CredentialSet(newLocalCredentials, newRemoteUfrag, newRemotePassword);
            _selectedPairPriority = 0;
        }
    }

    /// <summary>Time since the last authenticated check from the selected address (or from anyone before nomination).</summary>
    public TimeSpan TimeSinceLastValidCheck =>
        _time.GetElapsedTime(Interlocked.Read(ref _lastValidCheckTimestamp));

    /// <summary>True once <see cref="ConsentTimeout"/> has passed without a valid check: stop sending (RFC 7675 §5.1).</summary>
    public bool IsConsentExpired() => TimeSinceLastValidCheck >= ConsentTimeout;

    /// <summary>
    /// Processes one STUN datagram from <paramref name="remote"/> and writes the response, if any, into
    /// <paramref name="response"/> (at least <see cref="MinResponseBufferLength"/> bytes); <paramref name="written"/>
    /// is 0 when nothing should be sent.
    /// </summary>
    public IceCheckOutcome HandleBindingRequest(ReadOnlySpan<byte> request, SocketAddress remote, Span<byte> response, out int written) =>
        HandleBindingRequest(request, remote, IceCandidatePriority.Host(), response, out written);

    /// <summary>
    /// As <see cref="HandleBindingRequest(ReadOnlySpan{byte}, SocketAddress, Span{byte}, out int)"/>, for a check that
    /// arrived on our candidate of priority <paramref name="localPriority"/> (UDP host or TCP passive): together with
    /// the check's PRIORITY it ranks the pair when more than one is nominated. <see cref="IceCheckOutcome.Nominated"/>
    /// means the sender is now (or still) the selected remote; a nomination outranked by a live selected pair is
    /// answered but <see cref="IceCheckOutcome.Accepted"/>.
    /// </summary>
    public IceCheckOutcome HandleBindingRequest(ReadOnlySpan<byte> request, SocketAddress remote, uint localPriority,
        Span<byte> response, out int written)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (response.Length < MinResponseBufferLength)
        {
            throw new ArgumentException($"The response buffer needs {MinResponseBufferLength} bytes.", nameof(response));
        }

        written = 0;
        if (!StunMessageReader.TryParse(request, out StunMessageReader message)
            || (message.HasFingerprint && !StunFingerprint.Verify(message)))
        {
            // RFC 8489 §7.3: a wrong FINGERPRINT means the datagram is not STUN at all.
            return IceCheckOutcome.NotStun;
        }

        if (message.Type.Class != StunMessageClass.Request)
        {
            // RFC 8445 §11: Binding indications are keepalives; responses answer checks a lite agent never sends.
            return message.Type.Class == StunMessageClass.Indication && message.Type.Method == StunMethod.Binding
                ? IceCheckOutcome.Keepalive
                : IceCheckOutcome.Ignored;
        }

        if (message.Type.Method != StunMethod.Binding)
        {
            return RefuseUnauthenticated(message, IceCheckOutcome.BadRequest, response, out written);
        }

        CredentialSet credentials = _credentials;
        IceCheckOutcome authentication = Authenticate(message, credentials);
        if (authentication != IceCheckOutcome.Accepted)
        {
            return RefuseUnauthenticated(message, authentication, response, out written);
        }

        if (HasUnknownRequiredAttributes(message))
        {
            written = WriteUnknownAttributes(message, credentials, response);
            return IceCheckOutcome.UnknownAttribute;
        }

        if (message.HasAttribute(StunAttributeType.IceControlled))
        {
            written = WriteAuthenticatedError(message, StunErrorCode.RoleConflict, credentials, response);
            return IceCheckOutcome.RoleConflict;
        }

        written = WriteSuccess(message, remote, credentials, response);
        if (written == 0)
        {
            return IceCheckOutcome.Ignored; // not an IP address: nothing to map
        }

        // RFC 8445 §7.3.1.5: a controlled agent selects the pair a USE-CANDIDATE check arrived on (of several, the best).
        bool selected = message.HasAttribute(StunAttributeType.UseCandidate)
            && TryNominate(remote, PairPriority(RemotePriority(message), localPriority));

        RefreshConsent(remote);
        return selected ? IceCheckOutcome.Nominated : IceCheckOutcome.Accepted;
    }

    /// <summary>
    /// RFC 8445 §6.1.2.3 pair priority with the browser controlling (G, the check's PRIORITY) and us controlled (D).
    /// </summary>
    public static ulong PairPriority(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + 2UL * Math.Max(controlling, controlled)
        + (controlling > controlled ? 1UL : 0UL);

    // RFC 8445 §7.1.1: every check carries PRIORITY; a check without it ranks lowest rather than being refused.
    private static uint RemotePriority(in StunMessageReader message) =>
        message.TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> value) && value.Length == 4
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value)
            : 0;

    // RFC 8489 §9.1.3: missing USERNAME or MESSAGE-INTEGRITY is 400; an unknown user or a bad HMAC is 401.
    private static IceCheckOutcome Authenticate(in StunMessageReader message, CredentialSet credentials)
    {
        if (!message.HasMessageIntegrity
            || !message.TryGetAttribute(StunAttributeType.Username, out ReadOnlySpan<byte> username))
        {
            return IceCheckOutcome.BadRequest;
        }

        if (!credentials.Matches(username) || !StunMessageIntegrity.Verify(message, credentials.Key))
        {
            return IceCheckOutcome.Unauthorized;
        }

        return IceCheckOutcome.Accepted;
    }

    private static int ErrorCodeFor(IceCheckOutcome outcome) =>
        outcome == IceCheckOutcome.BadRequest ? StunErrorCode.BadRequest : StunErrorCode.Unauthorized;

    /// <summary>
    /// Selects <paramref name="remote"/> unless a live selected pair outranks it; copies the address and raises the
    /// event only when the selection changes. True when <paramref name="remote"/> is the selected remote afterwards.
    /// </summary>
    private bool TryNominate(SocketAddress remote, ulong pairPriority)
    {
        // Nominations are rare and may race between the UDP receive thread and TCP connections' readers.
        lock (_nominationLock)
        {
            SocketAddress? current = _selected;
            if (current is not null && current.Equals(remote))
            {
                _selectedPairPriority = Math.Max(_selectedPairPriority, pairPriority);
                return true;
            }

            if (current is not null && pairPriority < _selectedPairPriority && TimeSinceLastValidCheck < SelectedPairQuietAfter)
            {
                return false;
            }

            _selectedPairPriority = pairPriority;

            // The receive thread reuses its SocketAddress for the next datagram, so keep a copy.
            var copy = new SocketAddress(remote.Family, remote.Size);
            remote.Buffer.Span[..remote.Size].CopyTo(copy.Buffer.Span);
            _selected = copy;
            SelectedRemoteChanged?.Invoke(this, copy);
            return true;
        }
    }

    private void RefreshConsent(SocketAddress remote)
    {
        SocketAddress? selected = _selected;
        if (selected is null || selected.Equals(remote))
        {
            Interlocked.Exchange(ref _lastValidCheckTimestamp, _time.GetTimestamp());
        }
    }
}
