namespace Live.Media.Dtls;

/// <summary>The outcome of a DTLS-SRTP handshake: SRTP keys on success, otherwise a reason and a readable detail.</summary>
public sealed class DtlsHandshakeResult
{
    private DtlsHandshakeResult(DtlsSrtpKeys? keys, DtlsHandshakeFailure failure, string? detail, short? alert)
    {
        Keys = keys;
        Failure = failure;
        Detail = detail;
        AlertDescription = alert;
    }

    /// <summary>True when the handshake completed and <see cref="Keys"/> is set.</summary>
    public bool Succeeded => Keys is not null;

    /// <summary>The SRTP keys from the server's perspective (local = what the SFU sends).</summary>
    public DtlsSrtpKeys? Keys { get; }

    /// <summary>The reason of a failure; <see cref="DtlsHandshakeFailure.None"/> on success.</summary>
    public DtlsHandshakeFailure Failure { get; }

    /// <summary>A human-readable explanation for logs.</summary>
    public string? Detail { get; }

    /// <summary>The TLS AlertDescription (RFC 5246 §7.2) sent or received, when an alert ended the handshake.</summary>
    public short? AlertDescription { get; }

    public static DtlsHandshakeResult Success(DtlsSrtpKeys keys) =>
        new(keys ?? throw new ArgumentNullException(nameof(keys)), DtlsHandshakeFailure.None, null, null);

    public static DtlsHandshakeResult Failed(DtlsHandshakeFailure failure, string detail, short? alert = null)
    {
        if (failure == DtlsHandshakeFailure.None)
            throw new ArgumentException("A failed result needs a reason.", nameof(failure));
        return new(null, failure, detail, alert);
    }

    public override string ToString() =>
        Succeeded ? $"Succeeded ({Keys!.Profile})" : $"{Failure}: {Detail}";
}
