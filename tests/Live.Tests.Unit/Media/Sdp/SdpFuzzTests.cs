using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

public class SdpFuzzTests
{
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void MutatedChromiumOffers_NeverThrow_AndParsedOnesSerializeStably(int seed)
    {
        var random = new Random(seed);
        string[] offers = ChromiumOffers.Names.Select(ChromiumOffers.Read).ToArray();
        var options = new SfuAnswerOptions
        {
            IceUfrag = "sfuU",
            IcePassword = "sfuPasswordSfuPassword1",
            FingerprintSha256 = string.Join(':', Enumerable.Repeat("AB", 32)),
            CandidateAddress = "127.0.0.1",
            CandidatePort = 40000,
        };
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 700; i++)
        {
            List<string> lines = offers[random.Next(offers.Length)].Split("\r\n").ToList();
            for (int m = random.Next(1, 4); m > 0; m--)
            {
                Mutate(random, lines);
            }

            string text = string.Join("\r\n", lines);
            if (!SdpParser.TryParse(text, out SessionDescription offer, out string error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                rejected++;
                continue;
            }

            parsed++;
            string serialized = offer.ToString();
            Assert.True(SdpParser.TryParse(serialized, out SessionDescription again, out error), error);
            Assert.Equal(serialized, again.ToString());
            if (SfuAnswerBuilder.TryBuild(offer, options, out SessionDescription answer, out _))
            {
                Assert.True(SdpParser.TryParse(answer.ToString(), out _, out error), error);
            }
        }

        Assert.True(parsed > 50 && rejected > 50, $"parsed {parsed}, rejected {rejected}");
    }

    private static void Mutate(Random random, List<string> lines)
    {
        int index = random.Next(lines.Count);
        string line = lines[index];
        switch (random.Next(7))
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                lines.Insert(index, lines[random.Next(lines.Count)]);
                break;
            case 2:
                lines[index] = line[..random.Next(line.Length + 1)];
                break;
            case 3 when line.Length > 0:
                char[] chars = line.ToCharArray();
                const string Replacements = " :/=;0123456789aZ-\t\0\r";
                chars[random.Next(chars.Length)] = Replacements[random.Next(Replacements.Length)];
                lines[index] = new string(chars);
                break;
            case 4:
                lines[index] = line.Replace(" ", random.Next(2) == 0 ? "  " : "\t", StringComparison.Ordinal);
                break;
            case 5:
                lines[index] = line + new string((char)random.Next(32, 127), random.Next(1, 5));
                break;
            default:
                (lines[index], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], line);
                break;
        }
    }
}
