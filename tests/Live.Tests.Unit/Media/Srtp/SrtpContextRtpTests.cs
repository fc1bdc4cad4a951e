using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>SRTP behaviour of <see cref="SrtpContext"/>: round trips, tampering, replay and truncation, for both profiles.</summary>
public sealed class SrtpContextRtpTests
{
    private const uint Ssrc = 0x11223344;

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void ProtectThenUnprotect_HeaderWithCsrcsAndExtension_RestoresPacketAndKeepsHeaderClear(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtp(1000, Ssrc, 160, out int length, csrcCount: 2, extensionWords: 2);
        var original = buffer.AsSpan(0, length).ToArray();
        int headerLength = 12 + 8 + 4 + 8;

        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength, out var protectError));
        Assert.Equal(SrtpError.None, protectError);
        Assert.Equal(length + sender.RtpOverhead, protectedLength);
        Assert.Equal(original.AsSpan(0, headerLength).ToArray(), buffer.AsSpan(0, headerLength).ToArray());
        Assert.NotEqual(original.AsSpan(headerLength).ToArray(), buffer.AsSpan(headerLength, length - headerLength).ToArray());

        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out int plainLength, out var error));
        Assert.Equal(SrtpError.None, error);
        Assert.Equal(original, buffer.AsSpan(0, plainLength).ToArray());
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void ProtectThenUnprotect_EmptyPayload_RoundTrips(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtp(7, Ssrc, 0, out int length);
        var original = buffer.AsSpan(0, length).ToArray();

        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out int plainLength));

        Assert.Equal(original, buffer.AsSpan(0, plainLength).ToArray());
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_AnyByteFlipped_FailsAndLeavesStateUsable(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtp(500, Ssrc, 40, out int length);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        var wire = buffer.AsSpan(0, protectedLength).ToArray();

        for (int position = 0; position < wire.Length; position++)
        {
            var tampered = (byte[])wire.Clone();
            tampered[position] ^= 0x04;

            Assert.False(receiver.TryUnprotectRtp(tampered, tampered.Length, out _, out var error));

            // Octet 0 carries V/P/X/CC, which change the header layout itself; every other octet is authenticated.
            if (position > 0)
            {
                Assert.Equal(SrtpError.AuthFailed, error);
            }
            else
            {
                Assert.NotEqual(SrtpError.None, error);
            }
        }

        Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out _, out var finalError));
        Assert.Equal(SrtpError.None, finalError);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_WrongMasterKey_FailsAuthentication(SrtpProfile profile)
    {
        using var sender = new SrtpContext(MasterKey(profile, seed: 1));
        using var stranger = new SrtpContext(MasterKey(profile, seed: 2));
        var buffer = BuildRtp(1, Ssrc, 20, out int length);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));

        Assert.False(stranger.TryUnprotectRtp(buffer, protectedLength, out _, out var error));

        Assert.Equal(SrtpError.AuthFailed, error);
        Assert.Equal(0, stranger.StreamCount);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_SamePacketTwice_SecondIsReplayed(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtp(42, Ssrc, 20, out int length);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        var copy = buffer.AsSpan(0, protectedLength).ToArray();

        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out _));
        Assert.False(receiver.TryUnprotectRtp(copy, copy.Length, out _, out var error));

        Assert.Equal(SrtpError.Replayed, error);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_PacketOlderThanWindow_IsTooOldButOneInsideIsAccepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var wires = new byte[200][];
        for (int i = 0; i < wires.Length; i++)
        {
            var buffer = BuildRtp((ushort)(100 + i), Ssrc, 10, out int length);
            Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
            wires[i] = buffer.AsSpan(0, protectedLength).ToArray();
        }

        // Deliver everything except packets 0 and 72, then the newest is 199: 199 − 72 = 127 is inside a
        // 128-packet window, 199 − 0 = 199 is not.
        for (int i = 1; i < wires.Length; i++)
        {
            if (i != 72)
            {
                Assert.True(receiver.TryUnprotectRtp(wires[i], wires[i].Length, out _));
            }
        }

        Assert.False(receiver.TryUnprotectRtp(wires[0], wires[0].Length, out _, out var oldError));
        Assert.Equal(SrtpError.TooOld, oldError);
        Assert.True(receiver.TryUnprotectRtp(wires[72], wires[72].Length, out _, out var lateError));
        Assert.Equal(SrtpError.None, lateError);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_EveryTruncation_FailsCleanly(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = BuildRtp(9, Ssrc, 30, out int length, csrcCount: 1, extensionWords: 1);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        var wire = buffer.AsSpan(0, protectedLength).ToArray();

        for (int cut = 0; cut < wire.Length; cut++)
        {
            var shorter = wire.AsSpan(0, cut).ToArray();

            Assert.False(receiver.TryUnprotectRtp(shorter, cut, out int plainLength, out var error));

            Assert.Equal(0, plainLength);
            Assert.True(error is SrtpError.Truncated or SrtpError.AuthFailed, $"cut {cut}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_NoRoomForTag_FailsWithBufferTooSmall(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        var buffer = BuildRtp(3, Ssrc, 20, out int length);
        var exact = buffer.AsSpan(0, length).ToArray();

        Assert.False(sender.TryProtectRtp(exact, length, out _, out var error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
        Assert.False(sender.TryProtectRtp(exact, length + 1, out _, out var beyond));
        Assert.Equal(SrtpError.BufferTooSmall, beyond);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_NotVersion2_FailsWithInvalidHeader(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        var buffer = BuildRtp(3, Ssrc, 20, out int length);
        buffer[0] = 0x40;

        Assert.False(sender.TryProtectRtp(buffer, length, out _, out var error));

        Assert.Equal(SrtpError.InvalidHeader, error);
    }

    [Fact]
    public void Unprotect_StreamLimitReached_RejectsNewSsrcButKeepsKnownOnes()
    {
        var master = MasterKey(SrtpProfile.AesCm128HmacSha1_80);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master, maxStreams: 2);

        for (uint ssrc = 1; ssrc <= 3; ssrc++)
        {
            var buffer = BuildRtp(1, ssrc, 10, out int length);
            Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
            bool accepted = receiver.TryUnprotectRtp(buffer, protectedLength, out _, out var error);
            Assert.Equal(ssrc <= 2, accepted);
            Assert.Equal(ssrc <= 2 ? SrtpError.None : SrtpError.StreamLimitReached, error);
        }

        Assert.Equal(2, receiver.StreamCount);
    }
}
