using Live.Sessions;
using Prometheus;

namespace Live.Grains.Infrastructure;

/// <summary>Session gauges of the silo's /metrics, kept by the session grains that are active here.</summary>
public static class SessionMetrics
{
    public static readonly Gauge SessionsLive = Metrics.CreateGauge(
        "live_sessions_live", "Sessions in the live phase whose grain is active on this silo.");

    public static readonly Gauge ParticipantsPresent = Metrics.CreateGauge(
        "live_participants_present", "Participants with a live connection, by role, in sessions active on this silo.",
        new GaugeConfiguration { LabelNames = ["role"] });

    public static readonly Counter Votes = Metrics.CreateCounter(
        "live_votes_total", "Votes accepted (a replayed identical vote is not counted).");

    public static readonly Counter Reactions = Metrics.CreateCounter(
        "live_reactions_total", "Reactions accepted.");

    public static readonly Counter StateWrites = Metrics.CreateCounter(
        "live_session_state_writes_total", "Whole-state writes of session grains (each carries every change made while the previous one was in flight).");

    public static readonly Counter RuleViolations = Metrics.CreateCounter(
        "live_session_rule_violations_total", "Requests refused by a session rule, by code.",
        new CounterConfiguration { LabelNames = ["code"] });

    public static readonly Counter AuditEntriesDropped = Metrics.CreateCounter(
        "live_audit_entries_dropped_total", "Oldest audit entries dropped because a session held the most it keeps (SessionLimits.MaxAuditEntries).");

    /// <summary>Label value for a role.</summary>
    public static string Label(Role role) => role.ToString().ToLowerInvariant();
}
