#:project ../../src/Media/Live.Media.csproj
// Prints the SFU answer Live.Media builds for the SDP offer in the file given as the only argument. Used by
// scripts/sdp-capture/capture.mjs to check that Chromium accepts the answers: `dotnet run scripts/sdp-answer/answer.cs <offer.sdp>`.
// The SFU receives what the browser sends and sends back on every section the browser can receive.
using System.Security.Cryptography;
using Live.Media.Sdp;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run answer.cs <offer.sdp>");
    return 2;
}

if (!SdpParser.TryParse(File.ReadAllText(args[0]), out SessionDescription offer, out string error))
{
    Console.Error.WriteLine($"offer rejected: {error}");
    return 1;
}

var plans = new Dictionary<string, SfuMediaPlan>();
uint nextSsrc = 1000;
foreach (MediaDescription media in offer.Media.Where(m => m.Mid is not null))
{
    SfuSendStream stream = new(nextSsrc++, media.Kind == "video" ? nextSsrc++ : null, "sfu-stream", $"sfu-track-{media.Mid}");
    plans[media.Mid!] = media.Direction switch
    {
        SdpDirection.SendRecv => new SfuMediaPlan(SfuMediaDirection.SendReceive, stream),
        SdpDirection.RecvOnly => new SfuMediaPlan(SfuMediaDirection.Send, stream),
        _ => SfuMediaPlan.Receive,
    };
}

var options = new SfuAnswerOptions
{
    IceUfrag = "sfuUfrag",
    IcePassword = "sfuPasswordSfuPassword1",
    FingerprintSha256 = string.Join(':', SHA256.HashData("certificate"u8).Select(b => b.ToString("X2"))),
    CandidateAddress = "127.0.0.1",
    CandidatePort = 40000,
    Plans = plans,
};
if (!SfuAnswerBuilder.TryBuild(offer, options, out SessionDescription answer, out error))
{
    Console.Error.WriteLine($"answer failed: {error}");
    return 1;
}

Console.Write(answer.ToString());
return 0;
