using System.Net;
using Live.Media.Ice;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Ice;

/// <summary>Seeded mutations of real checks: the agent never throws and every response it writes is valid STUN.</summary>
public sealed class IceLiteAgentFuzzTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void HandleBindingRequest_MutatedChecks_NeverThrowAndResponsesAreWellFormed(int seed)
    {
        var local = new IceCredentials("fuzzLocal", "fuzzPasswordfuzzPassword");
        var agent = new IceLiteAgent(local, new ManualTimeProvider());
        agent.SetRemoteCredentials("peer");
        SocketAddress remote = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1234).Serialize();
        var response = new byte[IceLiteAgent.MinResponseBufferLength];
        byte[][] corpus =
        [
            new IceCheck("fuzzLocal:peer", local.Password).Build(),
            new IceCheck("fuzzLocal:peer", local.Password) { UseCandidate = true }.Build(),
            new IceCheck("fuzzLocal:peer", local.Password) { ExtraAttribute = (StunAttributeType)0x0031 }.Build(),
            new IceCheck("fuzzLocal:peer", local.Password) { Controlled = true }.Build(),
        ];
        var random = new Random(seed);
        var outcomes = new HashSet<IceCheckOutcome>();

        for (int i = 0; i < 3000; i++)
        {
            byte[] input = (byte[])corpus[random.Next(corpus.Length)].Clone();
            int flips = random.Next(0, 3);
            for (int k = 0; k < flips; k++)
            {
                input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
            }

            if (random.Next(10) == 0)
            {
                input = input.AsSpan(0, random.Next(input.Length)).ToArray();
            }

            IceCheckOutcome outcome = agent.HandleBindingRequest(input, remote, response, out int written);
            outcomes.Add(outcome);
            if (written > 0)
            {
                Assert.True(StunMessageReader.TryParse(response.AsSpan(0, written), out StunMessageReader reader));
                Assert.True(StunFingerprint.Verify(reader));
                Assert.Equal(input.AsSpan(8, 12).ToArray(), reader.TransactionIdBytes.ToArray());
            }
        }

        // The mutations reach every branch that matters, not only the parser's rejections.
        Assert.Contains(IceCheckOutcome.Accepted, outcomes);
        Assert.Contains(IceCheckOutcome.NotStun, outcomes);
        Assert.Contains(IceCheckOutcome.Unauthorized, outcomes);
        Assert.Contains(IceCheckOutcome.Nominated, outcomes);
    }
}
