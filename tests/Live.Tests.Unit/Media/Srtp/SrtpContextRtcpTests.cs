using System.Buffers.Binary;
using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>SRTCP behaviour of <see cref="SrtpContext"/> for both profiles (RFC 3711 §3.4, RFC 7714 §9).</summary>
public sealed class SrtpContextRtcpTests
{
    private const uint Ssrc = 0x0BADF00D;

    private static int IndexWordOffset(SrtpProfile profile, int protectedLength) =>
        profile == SrtpProfile.AesCm128HmacSha1_80 ? protectedLength - 14 : protectedLength - 4;

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void ProtectThenUnprotect_CompoundPacket_RestoresPacketWithEncryptedFlagAndCountingIndex(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        for (uint expectedIndex = 0; expectedIndex < 3; expectedIndex++)
        {
            var buffer = BuildRtcp(Ssrc, 52, out int length);
            var original = buffer.AsSpan(0, length).ToArray();

            Assert.True(sender.TryProtectRtcp(buffer, length, out int protectedLength, out var protectError));
            Assert.Equal(SrtpError.None, protectError);
            Assert.Equal(length + sender.RtcpOverhead, protectedLength);
            Assert.Equal(original.AsSpan(0, 8).ToArray(), buffer.AsSpan(0, 8).ToArray());
            Assert.NotEqual(original.AsSpan(8).ToArray(), buffer.AsSpan(8, length - 8).ToArray());
            uint word = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(IndexWordOffset(profile, protectedLength)));
            Assert.Equal(0x8000_0000u | expectedIndex, word);

            Assert.True(receiver.TryUnprotectRtcp(buffer, protectedLength, out int plainLength, out var error));
            Assert.Equal(SrtpError.None, error);
            Assert.Equal(original, buffer.AsSpan(0, plainLength).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_AnyByteFlipped_FailsAuthentication(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtcp(Ssrc, 24, out int length);
        Assert.True(sender.TryProtectRtcp(buffer, length, out int protectedLength));
        var wire = buffer.AsSpan(0, protectedLength).ToArray();

        for (int position = 1; position < wire.Length; position++)
        {
            var tampered = (byte[])wire.Clone();
            tampered[position] ^= 0x20;

            Assert.False(receiver.TryUnprotectRtcp(tampered, tampered.Length, out _, out var error));
            Assert.Equal(SrtpError.AuthFailed, error);
        }

        Assert.True(receiver.TryUnprotectRtcp(wire, wire.Length, out _));
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_SamePacketTwice_SecondIsReplayed(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtcp(Ssrc, 24, out int length);
        Assert.True(sender.TryProtectRtcp(buffer, length, out int protectedLength));
        var copy = buffer.AsSpan(0, protectedLength).ToArray();

        Assert.True(receiver.TryUnprotectRtcp(buffer, protectedLength, out _));
        Assert.False(receiver.TryUnprotectRtcp(copy, copy.Length, out _, out var error));

        Assert.Equal(SrtpError.Replayed, error);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_OutOfOrderIndexes_AcceptedOnceEach(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var wires = new List<byte[]>();
        for (int i = 0; i < 5; i++)
        {
            var buffer = BuildRtcp(Ssrc, 16, out int length);
            Assert.True(sender.TryProtectRtcp(buffer, length, out int protectedLength));
            wires.Add(buffer.AsSpan(0, protectedLength).ToArray());
        }

        foreach (int i in new[] { 4, 1, 3, 0, 2 })
        {
            Assert.True(receiver.TryUnprotectRtcp((byte[])wires[i].Clone(), wires[i].Length, out _, out var error), $"index {i}: {error}");
        }

        Assert.False(receiver.TryUnprotectRtcp(wires[3], wires[3].Length, out _, out var replay));
        Assert.Equal(SrtpError.Replayed, replay);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_EveryTruncation_FailsCleanly(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtcp(Ssrc, 20, out int length);
        Assert.True(sender.TryProtectRtcp(buffer, length, out int protectedLength));
        var wire = buffer.AsSpan(0, protectedLength).ToArray();

        for (int cut = 0; cut < wire.Length; cut++)
        {
            var shorter = wire.AsSpan(0, cut).ToArray();

            Assert.False(receiver.TryUnprotectRtcp(shorter, cut, out int plainLength, out var error));

            Assert.Equal(0, plainLength);
            Assert.True(error is SrtpError.Truncated or SrtpError.AuthFailed or SrtpError.InvalidHeader, $"cut {cut}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_NoRoomForTrailer_FailsWithBufferTooSmall(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        var buffer = BuildRtcp(Ssrc, 20, out int length);
        var tight = buffer.AsSpan(0, length + sender.RtcpOverhead - 1).ToArray();

        Assert.False(sender.TryProtectRtcp(tight, length, out _, out var error));

        Assert.Equal(SrtpError.BufferTooSmall, error);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void RtpAndRtcp_SameSsrc_UseIndependentKeysAndState(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var rtp = BuildRtp(1, Ssrc, 16, out int rtpLength);
        var rtcp = BuildRtcp(Ssrc, 16, out int rtcpLength);
        Assert.True(sender.TryProtectRtp(rtp, rtpLength, out int srtpLength));
        Assert.True(sender.TryProtectRtcp(rtcp, rtcpLength, out int srtcpLength));

        // An SRTP packet offered as SRTCP must not verify: SRTCP has its own derived keys (labels 3..5).
        var confused = rtp.AsSpan(0, srtpLength).ToArray();
        Assert.False(receiver.TryUnprotectRtcp(confused, confused.Length, out _, out var error));
        Assert.Equal(SrtpError.AuthFailed, error);

        Assert.True(receiver.TryUnprotectRtp(rtp, srtpLength, out _));
        Assert.True(receiver.TryUnprotectRtcp(rtcp, srtcpLength, out _));
    }
}
