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
        // AES-CM rejects by comparing tags, so even a flood of forged packets costs no garbage. (AES-GCM's forged RTP
        // is guarded in GcmTagCheckTests, its forged RTCP below.)
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

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void ForgedRtcp_Flood_RejectedWithoutAllocating_GenuineStillAccepted(SrtpProfile profile)
    {
        // Each forgery carries a fresh SRTCP index, so it gets past the replay window to the tag check; AES-GCM's first
        // one (in the warm-up) is found by AesGcm's own exception, the rest by GcmTagCheck without one.
        var (sender, receiver) = Pair(profile);
        var template = BuildRtcp(0xF0F0, 92, out int length);
        byte[][] forged = new byte[WarmUp + Measured + 1][];
        int protectedLength = 0;
        for (int i = 0; i < forged.Length; i++)
        {
            forged[i] = (byte[])template.Clone();
            Assert.True(sender.TryProtectRtcp(forged[i], length, out protectedLength));
            forged[i][12] ^= 0x01; // inside the encrypted body
        }

        byte[] genuine = forged[^1];
        genuine[12] ^= 0x01;
        int next = 0;
        for (; next < WarmUp; next++)
        {
            Assert.False(receiver.TryUnprotectRtcp(forged[next], protectedLength, out _, out SrtpError error));
            Assert.Equal(SrtpError.AuthFailed, error);
        }

        const int PerBatch = Measured / SteadyStateAllocations.Batches;
        long allocated = SteadyStateAllocations.Least(_ =>
        {
            for (int i = 0; i < PerBatch; i++)
            {
                if (receiver.TryUnprotectRtcp(forged[next++], protectedLength, out _))
                {
                    throw new InvalidOperationException("a forged packet was accepted");
                }
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(receiver.TryUnprotectRtcp(genuine, protectedLength, out int plainLength));
        Assert.Equal(template.AsSpan(0, length).ToArray(), genuine.AsSpan(0, plainLength).ToArray());
    }
}
