using System.Net;
using Live.Media.Stun;

namespace Live.Media.Ice;

/// <summary>
/// An ICE-lite agent (RFC 8445 §2.5) for one transport on the SFU: it never sends checks and is always controlled.
/// It answers the browser's Binding requests, takes the address of a USE-CANDIDATE check as the selected remote
/// address, and tracks consent freshness (RFC 7675) from the checks it keeps receiving.
/// </summary>
/// <remarks>
/// <see cref="HandleBindingRequest"/> runs on the receive thread and allocates nothing unless the selected address
/// changes; credentials may be replaced from another thread (signaling) at any time.
/// </remarks>
public sealed partial class IceLiteAgent
{
    // RFC 7675 §5.1: consent expires when no check has succeeded for 30 seconds.
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    // Largest response this agent writes: header + ERROR-CODE with its reason + UNKNOWN-ATTRIBUTES
    // (at most MaxReportedUnknownAttributes) + MESSAGE-INTEGRITY + FINGERPRINT, rounded up.
    public const int MinResponseBufferLength = 160;

    private readonly TimeProvider _time;
    private volatile CredentialSet _credentials;
    private volatile SocketAddress? _selected;
    private long _lastValidCheckTimestamp;

    public IceLiteAgent(IceCredentials localCredentials, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        _time = timeProvider ?? TimeProvider.System;
        _credentials = new CredentialSet(localCredentials, remoteUfrag: null, remotePassword: null);

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
    /// carry over, so media keeps flowing until the peer's checks with the new credentials nominate again.
    /// </summary>
    public void Restart(IceCredentials newLocalCredentials, string? newRemoteUfrag, string? newRemotePassword = null)
    {
        ArgumentNullException.ThrowIfNull(newLocalCredentials);
        _credentials = new CredentialSet(newLocalCredentials, newRemoteUfrag, newRemotePassword);
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
    public IceCheckOutcome HandleBindingRequest(ReadOnlySpan<byte> request, SocketAddress remote, Span<byte> response, out int written)
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
            return IceCheckOutcome.Ignored;
        }

        if (message.Type.Method != StunMethod.Binding)
        {
            written = WriteUnauthenticatedError(message, StunErrorCode.BadRequest, response);
            return IceCheckOutcome.BadRequest;
        }

        CredentialSet credentials = _credentials;
        IceCheckOutcome authentication = Authenticate(message, credentials);
        if (authentication != IceCheckOutcome.Accepted)
        {
            written = WriteUnauthenticatedError(message, ErrorCodeFor(authentication), response);
            return authentication;
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

        // RFC 8445 §7.3.1.5: a controlled agent selects the pair a USE-CANDIDATE check arrived on.
        bool useCandidate = message.HasAttribute(StunAttributeType.UseCandidate);
        if (useCandidate)
        {
            Nominate(remote);
        }

        RefreshConsent(remote);
        return useCandidate ? IceCheckOutcome.Nominated : IceCheckOutcome.Accepted;
    }

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

    /// <summary>Selects <paramref name="remote"/>, copying it and raising the event only when the selection changes.</summary>
    private void Nominate(SocketAddress remote)
    {
        SocketAddress? current = _selected;
        if (current is not null && current.Equals(remote))
        {
            return;
        }

        // The receive thread reuses its SocketAddress for the next datagram, so keep a copy.
        var copy = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.Span[..remote.Size].CopyTo(copy.Buffer.Span);
        _selected = copy;
        SelectedRemoteChanged?.Invoke(this, copy);
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
