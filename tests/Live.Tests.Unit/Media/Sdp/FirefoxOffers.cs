using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

/// <summary>
/// The captured Firefox offers under TestData/Sdp (Debian's firefox-esr 153, see scripts/sdp-capture/capture-firefox.mjs):
/// the same scenarios as <see cref="ChromiumOffers"/>.
/// </summary>
internal static class FirefoxOffers
{
    public static readonly string[] Names = ["camera", "screen", "recvonly", "simulcast", "datachannel"];

    public static TheoryData<string> All => new(Names);

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Sdp", $"firefox-{name}.sdp"));

    public static SessionDescription Parse(string name)
    {
        Assert.True(SdpParser.TryParse(Read(name), out SessionDescription offer, out string error), error);
        return offer;
    }
}
