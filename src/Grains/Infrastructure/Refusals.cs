using Live.Sessions;

namespace Live.Grains.Infrastructure;

/// <summary>The one way grains refuse a request: a <see cref="SessionRuleException"/>, counted by code in /metrics.</summary>
public static class Refusals
{
    public static SessionRuleException Refuse(string code, string message)
    {
        SessionMetrics.RuleViolations.WithLabels(code).Inc();
        return new SessionRuleException(code, message);
    }
}
