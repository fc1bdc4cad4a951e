using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Live.Gateway.Hosting;
using Live.Media.Sfu;
using Live.Sessions;
using Live.Silo.Media;
using Live.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Live.Tests.Integration.Gateway;

/// <summary>Security headers, pages without inline code, join tokens out of query strings, no server paths in answers.</summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed partial class WebHardeningTests(GatewayFixture gateway)
{
    public static TheoryData<string, bool> Pages() => new()
    {
        { "/", false }, { "/index.html", false }, { "/demo.html", false }, { "/backroom.html", false },
        { "/recordings.html", false }, { "/host.html", true }, { "/join.html", true }, { "/check.html", true },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_CarriesSecurityHeaders_CaptureAllowedOnlyWhereUsed(string path, bool captures)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var permissions = Header(response, "Permissions-Policy");
        foreach (var feature in new[] { "camera", "microphone", "display-capture" })
            Assert.Contains(captures ? $"{feature}=(self)" : $"{feature}=()", permissions);

        // Nothing inline the policy would refuse: every script has a src, no style or on… attributes, no <style>.
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(ScriptTag().Matches(html), m => Assert.Contains("src=", m.Value));
        Assert.DoesNotMatch(InlineAttribute(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ApiAnswers_CarrySecurityHeadersToo()
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var response = await http.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.NoCapturePolicy, Header(response, "Permissions-Policy"));
    }

    [Fact]
    public async Task RecordingsList_TokenInQuery_IgnoredButInHeaderAccepted_AndNoServerPathShown()
    {
        var session = await gateway.CreateSessionAsync();
        var host = await gateway.InviteAsync(session.Id, Role.Host, "Hana");
        // A recording as a silo leaves it: its manifest names the silo's absolute folder.
        var root = gateway.Services.GetRequiredService<IOptions<MediaOptions>>().Value.RecordingsDirectory;
        var folder = RecordingFiles.RecordingDirectory(root, session.Id, "rec1");
        System.IO.Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, RecordingFiles.ManifestName),
            $$"""{"recordingId":"rec1","status":"stopped","directory":"{{folder}}","tracks":[]}""");
        try
        {
            using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
            var inQuery = await http.GetAsync($"/api/sessions/{session.Id}/recordings?access_token={host.Token}");
            Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
            var list = await http.GetStringAsync($"/api/sessions/{session.Id}/recordings");
            Assert.Contains("\"recordingId\":\"rec1\"", list);
            Assert.Contains("\"status\":\"stopped\"", list);
            Assert.DoesNotContain("directory", list, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(root, list);

            // The manifest itself, downloaded as a recording file (where the query token still works, for <video>).
            using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
            var manifest = await anonymous.GetStringAsync($"/api/sessions/{session.Id}/recordings/rec1/{RecordingFiles.ManifestName}?access_token={host.Token}");
            Assert.Contains("\"recordingId\":\"rec1\"", manifest);
            Assert.DoesNotContain(root, manifest);
        }
        finally
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri}: no {name} header");

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[^>]+\s(style|on[a-z]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAttribute();
}
