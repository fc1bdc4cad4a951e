using Live.Media.Sfu;
using Live.Tests.E2E.Browsers;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Firefox and Chromium publish to the SFU and decode each other's camera and microphone: Debian's firefox-esr
/// (<see cref="FirefoxBrowser"/>) and Debian's Chromium (Playwright) load the same test page (<see cref="SfuTestPage"/>)
/// from <see cref="SfuTestHost"/>, over the SFU's UDP port. What the viewer gets is judged from its getStats: frames
/// decoded and still rising, a frame size, a frame rate, audio packets arriving.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SfuFirefoxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FirefoxPublishes_ChromiumDecodesVideoAndAudio()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0 });
        await using FirefoxBrowser firefox = await FirefoxBrowser.LaunchAsync(output.WriteLine);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser chromium = await CrossBrowserMedia.LaunchChromiumAsync(playwright);
        output.WriteLine($"firefox {firefox.Version}, chromium {chromium.Version}");

        IBrowserPage alice = await firefox.OpenAsync(host.BaseUrl);
        IBrowserPage bob = await CrossBrowserMedia.OpenChromiumAsync(chromium, host.BaseUrl, output);
        await CrossBrowserMedia.PublishAndWatchAsync(alice, bob, host, output);
    }

    [Fact]
    public async Task ChromiumPublishes_FirefoxDecodesVideoAndAudio()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0 });
        await using FirefoxBrowser firefox = await FirefoxBrowser.LaunchAsync(output.WriteLine);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser chromium = await CrossBrowserMedia.LaunchChromiumAsync(playwright);

        IBrowserPage alice = await CrossBrowserMedia.OpenChromiumAsync(chromium, host.BaseUrl, output);
        IBrowserPage bob = await firefox.OpenAsync(host.BaseUrl);
        await CrossBrowserMedia.PublishAndWatchAsync(alice, bob, host, output);
    }

    [Fact]
    public async Task FirefoxPublishes_FirefoxDecodesVideoAndAudio()
    {
        await using SfuTestHost host = await SfuTestHost.StartAsync(new SfuOptions { Port = 0 });
        await using FirefoxBrowser firefox = await FirefoxBrowser.LaunchAsync(output.WriteLine);

        IBrowserPage alice = await firefox.OpenAsync(host.BaseUrl);
        IBrowserPage bob = await firefox.OpenAsync(host.BaseUrl);
        await CrossBrowserMedia.PublishAndWatchAsync(alice, bob, host, output);
    }
}
