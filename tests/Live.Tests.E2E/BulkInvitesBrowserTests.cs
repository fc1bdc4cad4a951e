using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E;

/// <summary>
/// A researcher invites 8 respondents and 20 observers from a pasted list: 28 links come out as a table and a CSV, and
/// the table shows who has joined.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BulkInvitesBrowserTests(LiveAppFixture app, ITestOutputHelper output) : IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task PastedListOf28_CreatesOneLinkEach_CsvDownloads_AndJoinedShows()
    {
        SetDefaultExpectTimeout(30_000);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", LiveAppFixture.ApiKey);
        var created = await http.PostAsJsonAsync("/api/sessions", new { title = "Bulk invites", kind = "focusGroup" });
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var hostInvite = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/invites", new { role = "host", displayName = "Hana Host" });
        var hostUrl = (await hostInvite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 }, AcceptDownloads = true });
        var host = await context.NewPageAsync();
        await host.GotoAsync(hostUrl);
        await host.ClickAsync("#bulk summary");
        var list = "name,role\n" + string.Join("\n", Enumerable.Range(1, 8).Select(i => $"Respondent {i}, respondent")
            .Concat(Enumerable.Range(1, 20).Select(i => $"\"Observer {i}\";observer")));
        await host.FillAsync("#bulk-list", list);
        await host.ClickAsync("#bulk-create");
        await Expect(host.Locator("#bulk-result tbody tr")).ToHaveCountAsync(28);
        await Expect(host.Locator("#bulk-result tbody tr", new() { HasText = "Observer" })).ToHaveCountAsync(20);
        await Expect(host.Locator("#bulk-result .joined", new() { HasText = "Joined" })).ToHaveCountAsync(0);

        // The CSV: a header and one line per person, each with its own join link.
        var download = await host.RunAndWaitForDownloadAsync(() => host.ClickAsync("#bulk-download"));
        var path = Path.Combine(Screenshots.Directory, "invites.csv");
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        Assert.Equal(29, lines.Count);
        Assert.Equal("name,role,link,expires,joined", lines[0]);
        var respondentLine = lines.Single(l => l.StartsWith("\"Respondent 3\","));
        Assert.Contains("\"respondent\"", respondentLine);
        var url = respondentLine.Split(',')[2].Trim('"');
        Assert.Contains("/join.html#token=", url);
        Assert.Equal(28, lines.Skip(1).Select(l => l.Split(',')[2]).Distinct().Count());

        // Respondent 3 opens their link: the host's table says they joined.
        var respondent = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await respondent.GotoAsync(url);
        await Expect(respondent.GetByText("Waiting for the host to let you in…")).ToBeVisibleAsync();
        await Expect(host.Locator("#bulk-result tr", new() { HasText = "Respondent 3" }).Locator(".joined")).ToHaveTextAsync("✓ Joined");
        await Expect(host.Locator("#bulk-result .joined", new() { HasText = "Joined" })).ToHaveCountAsync(1);
        output.WriteLine($"csv: {path}");
        await Screenshots.TakeAsync(host, "host-bulk-invites");
    }
}
