using System.Buffers.Binary;

namespace Live.Media.Recording;

/// <summary>
/// The Opus identification header (RFC 7845 §5.1) that Matroska stores as the CodecPrivate of an "A_OPUS" track.
/// WebRTC Opus is always 2 channels at 48 kHz with channel mapping family 0.
/// </summary>
public static class OpusHead
{
    /// <summary>RFC 7845 §5.1: the header without a channel mapping table is 19 octets.</summary>
    public const int Size = 19;

    /// <summary>
    /// Samples (48 kHz) the decoder discards at the start. The recording joins a live stream at an arbitrary packet and
    /// RFC 7845 §4.2 says the decoder needs 80 ms (3840 samples) to converge from there, so we skip exactly that.
    /// </summary>
    public const ushort PreSkip = 3840;

    /// <summary>RFC 7845 §5.1: input sample rate, informational.</summary>
    public const uint InputSampleRate = 48000;

    /// <summary>Channels of a WebRTC Opus stream (RFC 7587 §7: "opus/48000/2").</summary>
    public const byte Channels = 2;

    // RFC 7845 §5.1: "OpusHead" magic, version 1, then channel count, pre-skip, rate, gain, mapping family (all LE).
    private const byte Version = 1;
    private const int VersionOffset = 8;
    private const int ChannelsOffset = 9;
    private const int PreSkipOffset = 10;
    private const int SampleRateOffset = 12;
    private const int GainOffset = 16;
    private const int MappingFamilyOffset = 18;

    private static ReadOnlySpan<byte> Magic => "OpusHead"u8;

    /// <summary>Writes the 19-octet header into <paramref name="destination"/> and returns its length.</summary>
    public static int WriteTo(Span<byte> destination)
    {
        Span<byte> head = destination[..Size];
        Magic.CopyTo(head);
        head[VersionOffset] = Version;
        head[ChannelsOffset] = Channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head[PreSkipOffset..], PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head[SampleRateOffset..], InputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head[GainOffset..], 0);
        head[MappingFamilyOffset] = 0;
        return Size;
    }
}
