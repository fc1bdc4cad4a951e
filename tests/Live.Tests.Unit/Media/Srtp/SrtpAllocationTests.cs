using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>Allocation guards: once an SSRC is known, protect and unprotect allocate nothing.</summary>
public sealed class SrtpAllocationTests
{
    private const int WarmUp = 200;
    private const int Measured = 5_000;

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void ProtectAndUnprotectRtp_ManyPackets_AllocateNothing(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var template = BuildRtp(0, 0xA110C, 1100, out int length, extensionWords: 2);
        var buffer = new byte[template.Length];
        ushort sequence = 0;

        void RoundTrip()
        {
            template.AsSpan().CopyTo(buffer);
            buffer[2] = (byte)(sequence >> 8);
            buffer[3] = (byte)sequence;
            sequence++;
            if (!sender.TryProtectRtp(buffer, length, out int protectedLength)
                || !receiver.TryUnprotectRtp(buffer, protectedLength, out _))
            {
                throw new InvalidOperationException("round trip failed");
            }
        }

        for (int i = 0; i < WarmUp; i++)
        {
            RoundTrip();
        }

        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < Measured; i++)
            {
                RoundTrip();
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(receiver.TryGetRolloverCounter(0xA110C, out uint roc));
        Assert.Equal(0u, roc);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void ProtectAndUnprotectRtcp_ManyPackets_AllocateNothing(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var template = BuildRtcp(0xA110C, 92, out int length);
        var buffer = new byte[template.Length];

        void RoundTrip()
        {
            template.AsSpan().CopyTo(buffer);
            if (!sender.TryProtectRtcp(buffer, length, out int protectedLength)
                || !receiver.TryUnprotectRtcp(buffer, protectedLength, out _))
            {
                throw new InvalidOperationException("round trip failed");
            }
        }

        for (int i = 0; i < WarmUp; i++)
        {
            RoundTrip();
        }

        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < Measured; i++)
            {
                RoundTrip();
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ReplayedAndTamperedRtp_AesCm_RejectedWithoutAllocating()
    {
        // AES-CM rejects by comparing tags, so even a flood of forged packets costs no garbage. (AES-GCM's
        // AesGcm reports a bad tag by throwing, which allocates; that is noted, not guarded.)
        var (sender, receiver) = Pair(SrtpProfile.AesCm128HmacSha1_80);
        var buffer = BuildRtp(1, 0xBAD, 100, out int length);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        var wire = buffer.AsSpan(0, protectedLength).ToArray();
        Assert.True(receiver.TryUnprotectRtp((byte[])wire.Clone(), protectedLength, out _));
        var forged = (byte[])wire.Clone();
        forged[20] ^= 1;
        var scratch = new byte[wire.Length];

        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < Measured; i++)
            {
                (i % 2 == 0 ? wire : forged).AsSpan().CopyTo(scratch);
                if (receiver.TryUnprotectRtp(scratch, protectedLength, out _))
                {
                    throw new InvalidOperationException("accepted a replay or forgery");
                }
            }
        });

        Assert.Equal(0, allocated);
    }
}
