using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Live.Gateway.Api;
using Live.Media.Sfu;
using Live.Sessions;
using Live.Silo.Media;
using Live.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Live.Tests.Integration.Gateway;

/// <summary>The audit trail over REST: hosts and the API key read it; observers, guests and strangers never do.</summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class AuditApiTests(GatewayFixture gateway)
{
    [Fact]
    public async Task HostAndApiKey_ReadTheTrail_ObserverAndGuest403_NoCredentials401()
    {
        var session = await gateway.CreateSessionAsync();
        var host = await gateway.InviteAsync(session.Id, Role.Host, "Hana");
        var observer = await gateway.InviteAsync(session.Id, Role.Observer, "Omar");
        var riley = await gateway.InviteAsync(session.Id, Role.Respondent, "Riley");
        var otherHost = await gateway.InviteAsync((await gateway.CreateSessionAsync()).Id, Role.Host, "Other");

        // The host mints one invite with their own token: the trail names them, not the API key.
        using var asHost = Bearer(host.Token);
        (await asHost.PostAsJsonAsync($"/api/sessions/{session.Id}/invites", new CreateInviteRequest(Role.Observer, "Olga", null), GatewayFixture.Json))
            .EnsureSuccessStatusCode();

        var trail = (await asHost.GetFromJsonAsync<List<AuditEntry>>($"/api/sessions/{session.Id}/audit", GatewayFixture.Json))!;
        Assert.Equal(["Hana", "Omar", "Riley", "Olga"], trail.Select(e => e.SubjectName));
        Assert.All(trail, e => Assert.Equal(AuditAction.InviteMinted, e.Action));
        Assert.Equal([AuditEntry.ApiKeyActor, AuditEntry.ApiKeyActor, AuditEntry.ApiKeyActor, "Hana"], trail.Select(e => e.ActorName));
        Assert.Equal(Role.Observer, trail[1].SubjectRole);

        var byKey = await gateway.Admin.GetFromJsonAsync<List<AuditEntry>>($"/api/sessions/{session.Id}/audit?skip=1&max=2", GatewayFixture.Json);
        Assert.Equal(trail.Skip(1).Take(2), byKey);

        foreach (var token in new[] { observer.Token, riley.Token })
        {
            using var refused = Bearer(token);
            var response = await refused.GetAsync($"/api/sessions/{session.Id}/audit");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("Omar", await response.Content.ReadAsStringAsync());
        }
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/sessions/{session.Id}/audit")).StatusCode);
        // A token is read from the header only, and a host of another session is nobody here.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/sessions/{session.Id}/audit?access_token={host.Token}")).StatusCode);
        using var stranger = Bearer(otherHost.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync($"/api/sessions/{session.Id}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await gateway.Admin.GetAsync($"/api/sessions/{session.Id}/audit?max=0")).StatusCode);
    }

    [Fact]
    public async Task RecordingDownload_RecordedOncePerPersonAndFile_RangeContinuationsNot()
    {
        var session = await gateway.CreateSessionAsync();
        var observer = await gateway.InviteAsync(session.Id, Role.Observer, "Omar");
        var root = gateway.Services.GetRequiredService<IOptions<MediaOptions>>().Value.RecordingsDirectory;
        var folder = RecordingFiles.RecordingDirectory(root, session.Id, "rec1");
        System.IO.Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "host-camera.webm"), new byte[4096]);
        try
        {
            using var asObserver = Bearer(observer.Token);
            var url = $"/api/sessions/{session.Id}/recordings/rec1/host-camera.webm";
            (await asObserver.GetAsync(url)).EnsureSuccessStatusCode();
            using var continuation = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(1024, null) } };
            Assert.Equal(HttpStatusCode.PartialContent, (await asObserver.SendAsync(continuation)).StatusCode);
            (await asObserver.GetAsync(url)).EnsureSuccessStatusCode();
            (await gateway.Admin.GetAsync(url)).EnsureSuccessStatusCode();

            var trail = (await gateway.Admin.GetFromJsonAsync<List<AuditEntry>>($"/api/sessions/{session.Id}/audit", GatewayFixture.Json))!
                .Where(e => e.Action == AuditAction.RecordingDownloaded).ToList();
            Assert.Equal([("Omar", "rec1/host-camera.webm"), (AuditEntry.ApiKeyActor, "rec1/host-camera.webm")], trail.Select(e => (e.ActorName, e.Detail!)));
            Assert.Equal(observer.ParticipantId, trail[0].ActorId);
        }
        finally
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    private HttpClient Bearer(string token) =>
        new() { BaseAddress = gateway.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
}
