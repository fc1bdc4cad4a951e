namespace Live.Sessions;

/// <summary>
/// A poll as one viewer sees it. <see cref="Tally"/> is filled for staff always and for guests only once
/// the host reveals the results; guests' results never count observers' votes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.PollView")]
public sealed record PollView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Question,
    [property: Id(2)] IReadOnlyList<string> Options,
    [property: Id(3)] bool Multiple,
    [property: Id(4)] bool Open,
    [property: Id(5)] bool Revealed,
    [property: Id(6)] IReadOnlyList<int>? Tally,
    [property: Id(7)] IReadOnlyList<int>? MyChoice,
    [property: Id(8)] bool ObserversMayVote,
    [property: Id(9)] int Voters);
