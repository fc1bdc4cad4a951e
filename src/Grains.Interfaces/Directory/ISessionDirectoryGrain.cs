using Live.Sessions;

namespace Live.Directory;

/// <summary>The list of sessions for the REST API (a single grain keyed <see cref="DefaultKey"/>).</summary>
[Alias("Live.ISessionDirectoryGrain")]
public interface ISessionDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The one directory's key.</summary>
    public const string DefaultKey = "all";

    /// <summary>Adds or updates a session's entry.</summary>
    [Alias("Upsert")] Task UpsertAsync(SessionSummary summary);

    /// <summary>Lists sessions, newest first.</summary>
    [Alias("List")] Task<IReadOnlyList<SessionSummary>> ListAsync(int max);
}
