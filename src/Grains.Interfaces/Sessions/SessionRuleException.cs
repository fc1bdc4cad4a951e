namespace Live.Sessions;

/// <summary>
/// The one domain exception: a request that breaks a session rule (wrong role, wrong phase, unknown poll, bad input).
/// It carries a stable <see cref="Code"/> and a message fit to show a user; the gateway maps it to a clear client error.
/// A call that throws it has changed nothing.
/// </summary>
[GenerateSerializer, Alias("Live.SessionRuleException")]
public sealed class SessionRuleException : Exception
{
    public SessionRuleException(string code, string message) : base(message) => Code = code;

    /// <summary>A stable, machine-readable reason such as <c>not-host</c> or <c>poll-closed</c>.</summary>
    [Id(0)] public string Code { get; }
}
