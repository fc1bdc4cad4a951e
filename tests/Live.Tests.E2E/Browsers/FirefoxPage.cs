using System.Text.Json;

namespace Live.Tests.E2E.Browsers;

/// <summary>A tab in <see cref="FirefoxBrowser"/>.</summary>
internal sealed class FirefoxPage(FirefoxBrowser browser, int index) : IBrowserPage
{
    public string Browser => "firefox";

    public Task<JsonElement> EvaluateAsync(string script, object? arg = null) => browser.EvaluateAsync(index, script, arg);
}
