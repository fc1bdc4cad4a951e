namespace Live.Bench;

/// <summary>What one vote storm measured, printed as one RESULT line.</summary>
public sealed record StormFigures(
    string Peer, int VotersAsked, int VotersAdmitted, TimeSpan JoinTime, int Acked, int Refused, int CountedVoters, int TallySum,
    TimeSpan SendTime, TimeSpan StormTime, TimeSpan? FinalTallySeen, TimeSpan? FinalAfterLastVote, int Observers, double VotesPerSecond, double? GrainCallsPerSecond, string? FirstError)
{
    /// <summary>Every admitted voter's vote acknowledged and counted, once.</summary>
    public bool AllCounted => VotersAdmitted > 0 && Acked == VotersAdmitted && CountedVoters == VotersAdmitted && TallySum == VotersAdmitted;

    public string Fields() => Report.Fields(
        ("peer", Peer), ("voters", VotersAsked), ("admitted", VotersAdmitted), ("join_s", JoinTime.TotalSeconds),
        ("acked", Acked), ("refused", Refused), ("counted", CountedVoters), ("tally_sum", TallySum), ("all_counted", AllCounted),
        ("sent_s", SendTime.TotalSeconds), ("storm_s", StormTime.TotalSeconds), ("votes_per_s", VotesPerSecond),
        ("final_tally_seen_ms", FinalTallySeen?.TotalMilliseconds ?? double.NaN),
        ("after_last_vote_ms", FinalAfterLastVote?.TotalMilliseconds ?? double.NaN), ("observers", Observers),
        ("grain_calls_per_s", GrainCallsPerSecond ?? double.NaN))
        + (FirstError is null ? "" : $" first_error=\"{FirstError}\"");

    public static string Ratio(StormFigures live, StormFigures plain) => Report.Fields(
        ("peer", "live/plain"), ("voters", live.VotersAdmitted),
        ("final_tally_seen", (live.FinalTallySeen?.TotalMilliseconds ?? double.NaN) / (plain.FinalTallySeen?.TotalMilliseconds ?? double.NaN)),
        ("votes_per_s", live.VotesPerSecond / plain.VotesPerSecond));
}
