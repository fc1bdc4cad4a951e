using Microsoft.Playwright;

namespace Live.Tests.E2E;

/// <summary>Full-page screenshots kept as test artifacts, showing a page as its user sees it.</summary>
public static class Screenshots
{
    /// <summary>artifacts/screenshots under the test output.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    /// <summary>
    /// Brings the page to the front (each test drives several pages, and Chromium may throttle painting in the others),
    /// scrolls to the top (a full-page capture of a scrolled page drew the sticky header halfway down) and waits for two
    /// animation frames before capturing. Returns the file's path.
    /// </summary>
    public static async Task<string> TakeAsync(IPage page, string name)
    {
        await page.BringToFrontAsync();
        await page.EvaluateAsync("() => new Promise(done => { window.scrollTo(0, 0); requestAnimationFrame(() => requestAnimationFrame(done)); })");
        var path = Path.Combine(Directory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
