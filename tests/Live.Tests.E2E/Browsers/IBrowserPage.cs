using System.Text.Json;

namespace Live.Tests.E2E.Browsers;

/// <summary>
/// One open page of either browser, so a test can run the same page script in Chromium (Playwright) and Firefox
/// (<see cref="FirefoxBrowser"/>) side by side.
/// </summary>
public interface IBrowserPage
{
    /// <summary>Which browser this page is in, for messages: "chromium" or "firefox".</summary>
    string Browser { get; }

    /// <summary>Calls the function whose source is <paramref name="script"/> with <paramref name="arg"/> and returns its result.</summary>
    Task<JsonElement> EvaluateAsync(string script, object? arg = null);
}
