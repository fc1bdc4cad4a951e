using System.Text.Json;
using System.Text.Json.Nodes;
using Live.Gateway.Auth;
using Live.Gateway.Limits;
using Live.Media.Sfu;
using Live.Sessions;
using Live.Silo.Media;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Api;

/// <summary>
/// Recordings of a session, for hosts and observers of that session (or an integrator with the API key); respondents and
/// customers never. The files live in <c>Live:Media:RecordingsDirectory</c>, which the gateway shares with the silos
/// (the same process on the embedded default, a shared volume in a cluster).
/// </summary>
public static class RecordingsApi
{
    public static WebApplication MapRecordingsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/sessions/{id}/recordings").WithTags("Recordings").RequireRateLimiting(ClientRateLimits.ApiPolicy);
        group.MapGet("/", ListAsync).WithSummary("Lists the session's recordings with their tracks (hosts, observers or the API key).");
        group.MapGet("/{recordingId}/{file}", DownloadAsync)
            .WithSummary("Downloads one track (WebM, seekable), tracks.json or timeline.json of a recording.");
        return app;
    }

    /// <summary>One recording: its id, its tracks as the silo reported them, and whether the timeline was written.</summary>
    public sealed record RecordingListing(string RecordingId, JsonElement? Tracks, bool HasTimeline, DateTimeOffset LastWrite);

    private static async Task<Results<Ok<List<RecordingListing>>, ProblemHttpResult>> ListAsync(
        string id, HttpContext http, ApiKeyFilter apiKey, IOptions<MediaOptions> media)
    {
        if (await RefuseAsync(http, id, apiKey) is { } refused) return refused;
        var sessionDir = Path.Combine(Path.GetFullPath(media.Value.RecordingsDirectory), RecordingFiles.SafeSegment(id));
        var listings = new List<RecordingListing>();
        if (System.IO.Directory.Exists(sessionDir))
        {
            foreach (var dir in new DirectoryInfo(sessionDir).GetDirectories().OrderBy(d => d.CreationTimeUtc))
            {
                var manifest = Path.Combine(dir.FullName, RecordingFiles.ManifestName);
                JsonElement? tracks = File.Exists(manifest) ? await PublicManifestAsync(manifest) : null;
                listings.Add(new RecordingListing(dir.Name, tracks, File.Exists(Path.Combine(dir.FullName, RecordingFiles.TimelineName)), dir.LastWriteTimeUtc));
            }
        }
        return TypedResults.Ok(listings);
    }

    private static async Task<Results<PhysicalFileHttpResult, JsonHttpResult<JsonElement>, NotFound<ProblemDetails>, ProblemHttpResult>> DownloadAsync(
        string id, string recordingId, string file, HttpContext http, ApiKeyFilter apiKey, IOptions<MediaOptions> media, IGrainFactory grains)
    {
        if (await RefuseAsync(http, id, apiKey) is { } refused) return refused;
        // Names are checked, not trusted: one safe path segment each, and the result must stay inside the recording's folder.
        var dir = RecordingFiles.RecordingDirectory(media.Value.RecordingsDirectory, id, recordingId);
        var path = Path.GetFullPath(Path.Combine(dir, RecordingFiles.SafeSegment(file)));
        if (!path.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            return TypedResults.NotFound(new ProblemDetails { Title = "not-found", Detail = "There is no such recording file.", Status = 404 });
        await RecordDownloadAsync(http, grains, apiKey, id, recordingId, Path.GetFileName(path));
        if (Path.GetFileName(path) == RecordingFiles.ManifestName) return TypedResults.Json(await PublicManifestAsync(path));
        var type = Path.GetExtension(path) switch { ".webm" => "video/webm", ".json" => "application/json", _ => "application/octet-stream" };
        return TypedResults.PhysicalFile(path, type, enableRangeProcessing: true);
    }

    /// <summary>
    /// A recording's manifest as callers may see it: without <c>directory</c>, the silo's absolute path, which says
    /// nothing useful to a browser and much about the server.
    /// </summary>
    private static async Task<JsonElement> PublicManifestAsync(string path)
    {
        var node = JsonNode.Parse(await File.ReadAllTextAsync(path));
        if (node is JsonObject manifest)
        {
            foreach (var key in manifest.Select(p => p.Key).Where(k => k.Equals("directory", StringComparison.OrdinalIgnoreCase)).ToList())
                manifest.Remove(key);
        }
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>
    /// Puts the download on the session's audit trail before a byte is served. A <c>&lt;video&gt;</c> fetches the rest of a
    /// file with range requests; only the first (none, or one from byte 0) counts, and the grain folds repeats.
    /// </summary>
    private static async Task RecordDownloadAsync(HttpContext http, IGrainFactory grains, ApiKeyFilter apiKey, string id, string recordingId, string file)
    {
        var range = http.Request.Headers.Range.ToString();
        if (range.Length > 0 && !range.StartsWith("bytes=0-", StringComparison.Ordinal)) return;
        ParticipantIdentity? who = null;
        if (!apiKey.HasApiKey(http))
        {
            var auth = await http.AuthenticateAsync(JoinTokenAuthentication.Scheme);
            who = JoinTokens.IdentityOf(auth.Principal!);
        }
        await grains.GetGrain<ISessionAudit>(id).RecordDownloadAsync(who, recordingId, file);
    }

    /// <summary>Null when the caller may see this session's recordings; otherwise the problem to answer.</summary>
    private static async Task<ProblemHttpResult?> RefuseAsync(HttpContext http, string sessionId, ApiKeyFilter apiKey)
    {
        if (apiKey.HasApiKey(http)) return null;
        var auth = await http.AuthenticateAsync(JoinTokenAuthentication.Scheme);
        if (!auth.Succeeded || JoinTokens.IdentityOf(auth.Principal) is not { } who || who.SessionId != sessionId)
            return TypedResults.Problem("A host's or observer's join token for this session, or the API key, is required.", statusCode: StatusCodes.Status401Unauthorized);
        if (!who.Role.IsStaff())
            return TypedResults.Problem("Recordings are for the session's hosts and observers.", statusCode: StatusCodes.Status403Forbidden);
        return null;
    }
}
