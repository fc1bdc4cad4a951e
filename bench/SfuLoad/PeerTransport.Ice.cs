using System.Diagnostics;
using System.Net;
using Live.Media.Stun;

namespace Live.SfuLoad;

// ICE: checks until one succeeds, consent refreshes after (RFC 7675), and answers to the server's own checks.
public sealed partial class PeerTransport
{
    // RFC 8445 §14.3 paces checks at Ta ≥ 5 ms per transport; one check per 100 ms keeps 500 ramping transports light.
    private static readonly long CheckInterval = Stopwatch.Frequency / 10;
    // RFC 7675 §5.1: consent checks every 5 s on average (randomised ±20 % below).
    private static readonly long ConsentInterval = Stopwatch.Frequency * 5;
    // A controlled agent waits this long for the controlling server's USE-CANDIDATE before starting DTLS anyway.
    private static readonly long NominationGrace = Stopwatch.Frequency;

    private readonly byte[] _localPasswordKey;
    private byte[] _remotePasswordKey = [];
    private string _username = "";
    private IceRole _role;
    private readonly ulong _tieBreaker = (ulong)Random.Shared.NextInt64();
    private long _nextCheckAt;
    private long _checkSucceededAt;
    private volatile bool _nominatedByServer;

    /// <summary>True once one of our checks succeeded.</summary>
    public bool IceSucceeded => _checkSucceededAt != 0;

    /// <summary>Checks sent and their success responses, for the run's summary.</summary>
    public long ChecksSent, CheckSuccesses, ServerChecksAnswered;

    /// <summary>Called by <see cref="TransportClock"/> every tick: sends a due check and starts DTLS when ICE allows.</summary>
    internal void Tick(long now)
    {
        if (_closed || _remote is null) return;
        if (now >= _nextCheckAt)
        {
            SendCheck();
            _nextCheckAt = now + (_checkSucceededAt == 0 ? CheckInterval : ConsentInterval * (8 + Random.Shared.Next(5)) / 10);
        }

        if (_checkSucceededAt != 0 && !_dtlsStarted
            && (_role == IceRole.Controlling || _nominatedByServer || now - _checkSucceededAt > NominationGrace))
            StartDtls();
    }

    private void SendCheck()
    {
        Span<byte> buffer = stackalloc byte[256];
        // Only a controlling agent nominates; against ICE-lite every successful check nominates (RFC 8445 §8.1.1).
        int length = IceChecks.WriteRequest(buffer, StunTransactionId.NewRandom(), _username, _role, _tieBreaker,
            nominate: _role == IceRole.Controlling, _remotePasswordKey);
        Interlocked.Increment(ref ChecksSent);
        Send(buffer[..length]);
    }

    private void OnStun(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessageReader.TryParse(datagram, out var message) || message.Type.Method != StunMethod.Binding) return;
        switch (message.Type.Class)
        {
            case StunMessageClass.SuccessResponse when StunMessageIntegrity.Verify(message, _remotePasswordKey):
                Interlocked.Increment(ref CheckSuccesses);
                if (_checkSucceededAt == 0) _checkSucceededAt = Stopwatch.GetTimestamp();
                break;
            case StunMessageClass.Request when StunMessageIntegrity.Verify(message, _localPasswordKey):
                if (message.HasAttribute(StunAttributeType.UseCandidate)) _nominatedByServer = true;
                Span<byte> buffer = stackalloc byte[128];
                int length = IceChecks.WriteSuccess(buffer, message.TransactionId, _remote!.Candidate, _localPasswordKey);
                Interlocked.Increment(ref ServerChecksAnswered);
                Send(buffer[..length]);
                break;
            case StunMessageClass.ErrorResponse:
                Fail("the server answered a check with a STUN error");
                break;
        }
    }
}
