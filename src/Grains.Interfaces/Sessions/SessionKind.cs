namespace Live.Sessions;

/// <summary>The two conversations Live runs: a moderated focus group, or a one-to-one concierge sales call.</summary>
[GenerateSerializer, Alias("Live.SessionKind")]
public enum SessionKind
{
    FocusGroup = 0,
    SalesCall = 1,
}
