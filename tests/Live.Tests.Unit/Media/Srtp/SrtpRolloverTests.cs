using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>
/// Rollover-counter behaviour across the 65535→0 sequence wrap (RFC 3711 §3.3.1), end to end through a
/// sender and a receiver context.
/// </summary>
public sealed class SrtpRolloverTests
{
    private const uint Ssrc = 0xCAFEBABE;

    private static byte[] Protect(SrtpContext sender, ushort sequence)
    {
        var buffer = BuildRtp(sequence, Ssrc, 24, out int length);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        return buffer.AsSpan(0, protectedLength).ToArray();
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_AcrossWrapWithLatePacketFromBefore_DecryptsAllAndIncrementsRoc(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        ushort[] sent = [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3];
        var wires = sent.ToDictionary(s => s, s => Protect(sender, s));
        Assert.True(sender.TryGetRolloverCounter(Ssrc, out uint senderRoc));
        Assert.Equal(1u, senderRoc);

        // 0 arrives before 65535 (early after the wrap); 65533 arrives after 2 (late from before the wrap).
        ushort[] arrival = [65530, 65531, 65532, 65534, 0, 65535, 1, 2, 65533, 3];
        foreach (ushort sequence in arrival)
        {
            var wire = wires[sequence];
            Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out int plainLength, out var error), $"seq {sequence}: {error}");
            var expected = BuildRtp(sequence, Ssrc, 24, out int expectedLength);
            Assert.Equal(expected.AsSpan(0, expectedLength).ToArray(), wire.AsSpan(0, plainLength).ToArray());
        }

        Assert.True(receiver.TryGetRolloverCounter(Ssrc, out uint receiverRoc));
        Assert.Equal(1u, receiverRoc);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_PacketAfterWrapSeenByFreshReceiver_FailsBecauseRocIsAuthenticated(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        Protect(sender, 65535);
        var afterWrap = Protect(sender, 4);
        using var fresh = new SrtpContext(MasterKey(profile));

        // A receiver without history assumes ROC 0; the sender used ROC 1, so the tag (HMAC over ROC, or the
        // GCM IV) cannot verify. This is what proves the ROC really enters the cryptography.
        Assert.False(fresh.TryUnprotectRtp(afterWrap, afterWrap.Length, out _, out var error));
        Assert.Equal(SrtpError.AuthFailed, error);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_ThreeWrapsInOrder_RocCountsEachWrap(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        ushort sequence = 60000;
        for (int i = 0; i < 3 * 65536 + 100; i += 1000)
        {
            var wire = Protect(sender, sequence);
            Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out _, out var error), $"step {i}: {error}");
            sequence = (ushort)(sequence + 1000);
        }

        Assert.True(receiver.TryGetRolloverCounter(Ssrc, out uint roc));
        Assert.Equal(3u, roc);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Unprotect_ReplayOfPreWrapPacketAfterWrap_IsReplayed(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var before = Protect(sender, 65535);
        var after = Protect(sender, 0);
        var replay = (byte[])before.Clone();

        Assert.True(receiver.TryUnprotectRtp(before, before.Length, out _));
        Assert.True(receiver.TryUnprotectRtp(after, after.Length, out _));
        Assert.False(receiver.TryUnprotectRtp(replay, replay.Length, out _, out var error));

        Assert.Equal(SrtpError.Replayed, error);
    }
}
