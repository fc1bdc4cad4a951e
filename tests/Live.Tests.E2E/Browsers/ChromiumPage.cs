using System.Text.Json;
using Microsoft.Playwright;

namespace Live.Tests.E2E.Browsers;

/// <summary>A Playwright page in Debian's Chromium as an <see cref="IBrowserPage"/>.</summary>
public sealed class ChromiumPage(IPage page) : IBrowserPage
{
    public IPage Page { get; } = page;

    public string Browser => "chromium";

    public async Task<JsonElement> EvaluateAsync(string script, object? arg = null) =>
        arg is null ? await Page.EvaluateAsync<JsonElement>(script) : await Page.EvaluateAsync<JsonElement>(script, arg);
}
