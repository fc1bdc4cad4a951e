using System.Text;
using Live.Media.Rtcp;
using Live.Media.Rtp;
using Live.Media.Sdp;
using Live.Media.Stun;
using Live.Tests.Unit.Media.Rtcp;

namespace Live.Tests.Fuzz;

/// <summary>
/// The network parsers under <see cref="FuzzEngine"/>: generated inputs from the committed seeds in
/// <c>TestData/Fuzz/&lt;target&gt;</c>, 20,000 each in the suite (seconds; SDP, whose inputs are kilobytes of text and
/// are parsed twice, 2,000), a million each with scripts/fuzz.sh. No input
/// may throw or allocate beyond the bound, and what a parser accepts must write back to what it read. The
/// seeded-mutation tests beside each parser (StunFuzzTests, RtpFuzzTests, …) check finer round trips on fewer inputs.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class MediaParserFuzzTests
{
    [Fact]
    public void Stun_GeneratedInputs_NoCrashNoUnboundedAllocation() => AssertClean(new FuzzEngine("stun", FuzzEngine.Corpus("stun"), Stun));

    [Fact]
    public void Rtp_GeneratedInputs_NoCrashNoUnboundedAllocation() => AssertClean(new FuzzEngine("rtp", FuzzEngine.Corpus("rtp"), Rtp));

    [Fact]
    public void Rtcp_GeneratedInputs_NoCrashNoUnboundedAllocation() => AssertClean(new FuzzEngine("rtcp", FuzzEngine.Corpus("rtcp"), Rtcp));

    [Fact]
    public void Sdp_GeneratedInputs_NoCrashNoUnboundedAllocation() => AssertClean(new FuzzEngine("sdp", FuzzEngine.Corpus("sdp"), Sdp), SdpSuiteInputs);

    private const int SdpSuiteInputs = 2_000;

    private static void AssertClean(FuzzEngine engine, int suiteInputs = FuzzEngine.SuiteInputs)
    {
        var result = engine.Run(FuzzEngine.Inputs(suiteInputs), FuzzEngine.Seed);
        Assert.Empty(result.Crashes);
        Assert.Equal(0, result.OverAllocating);
        // Inputs that get past the first checks prove the run explored the parser rather than its length check.
        Assert.True(result.Accepted > result.Inputs / 100, $"{result.Target}: only {result.Accepted} of {result.Inputs} inputs accepted");
    }

    private static bool Stun(byte[] input)
    {
        var parsed = StunMessage.TryParse(input, out var message);
        if (parsed != StunMessageReader.TryParse(input, out var reader)) throw new InvalidOperationException("the two STUN parsers disagree");
        StunMessage.VerifyIntegrity(input, "key"u8);
        StunMessage.VerifyFingerprint(input);
        if (!parsed) return false;
        Span<byte> address = stackalloc byte[16];
        foreach (var attribute in reader)
        {
            StunXorAddress.TryRead(attribute.Value, reader.TransactionIdBytes, address, out _, out _);
            StunErrorCode.TryRead(attribute.Value, out _, out _);
        }
        message!.TryGetXorMappedAddress(out _);
        var written = new byte[message.GetSerializedSize()];
        if (message.WriteTo(written) != input.Length || !written.AsSpan().SequenceEqual(input))
            throw new InvalidOperationException("an accepted STUN message did not write back to the same bytes");
        return true;
    }

    private static bool Rtp(byte[] input)
    {
        Vp8PayloadDescriptor.TryParse(input, out _);
        H264KeyFrameDetector.IsKeyFrame(input);
        if (!RtpPacket.TryParse(input, out var packet)) return false;
        foreach (var extension in packet.Extensions) _ = extension.Data.Length;
        Vp8PayloadDescriptor.TryParse(packet.Payload, out _);
        H264KeyFrameDetector.IsKeyFrame(packet.Payload);
        return true;
    }

    private static bool Rtcp(byte[] input)
    {
        var any = false;
        foreach (var view in new RtcpCompoundReader(input)) any = true;
        foreach (var packet in RtcpParsers.ParseAll(input))
        {
            if (packet is null) continue;
            any = true;
            var written = new byte[packet.GetSerializedSize()];
            packet.WriteTo(written);
        }
        return any;
    }

    private static readonly SfuAnswerOptions AnswerOptions = new()
    {
        IceUfrag = "sfuU",
        IcePassword = "sfuPasswordSfuPassword1",
        FingerprintSha256 = string.Join(':', Enumerable.Repeat("AB", 32)),
        CandidateAddress = "127.0.0.1",
        CandidatePort = 40000,
    };

    private static bool Sdp(byte[] input)
    {
        if (!SdpParser.TryParse(Encoding.UTF8.GetString(input), out var offer, out var error))
        {
            if (string.IsNullOrWhiteSpace(error)) throw new InvalidOperationException("an SDP refusal without a reason");
            return false;
        }
        var text = offer.ToString();
        if (!SdpParser.TryParse(text, out var again, out error) || again.ToString() != text)
            throw new InvalidOperationException($"an accepted SDP did not serialize stably: {error}");
        SfuAnswerBuilder.TryBuild(offer, AnswerOptions, out _, out _);
        return true;
    }
}
