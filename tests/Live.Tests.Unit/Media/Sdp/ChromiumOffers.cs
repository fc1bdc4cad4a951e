using System.Text.RegularExpressions;
using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

/// <summary>The captured Chromium offers under TestData/Sdp (see scripts/sdp-capture).</summary>
internal static class ChromiumOffers
{
    public static readonly string[] Names = ["camera", "screen", "recvonly", "simulcast", "datachannel"];

    public static TheoryData<string> All => new(Names);

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Sdp", $"chromium-{name}.sdp"));

    public static SessionDescription Parse(string name)
    {
        Assert.True(SdpParser.TryParse(Read(name), out SessionDescription offer, out string error), error);
        return offer;
    }

    /// <summary>Every value of "a=&lt;name&gt;:" lines in the raw text, read independently of the parser.</summary>
    public static string[] RawValues(string text, string name) =>
        Regex.Matches(text, $"^a={Regex.Escape(name)}:(.*)\r$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
}
