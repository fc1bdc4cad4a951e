using Live.Media.Sdp;

namespace Live.Media.Sfu;

/// <summary>
/// The payload types one side of a transport agreed on in an answered media section: which codec each payload type
/// carries and, for RTX (RFC 4588 §8.6), which primary payload type it repairs. Lookups by 7-bit payload type, no allocation.
/// </summary>
internal sealed partial class RtpCodecTable
{
    // RFC 3550 §5.1: the payload type is 7 bits.
    private const int PayloadTypeCount = 128;
    private const byte NoPayloadType = 0xFF;

    private readonly RtpCodec[] _codecs = new RtpCodec[PayloadTypeCount];
    private readonly byte[] _rtxFor = new byte[PayloadTypeCount];
    private readonly byte[] _rtxOf = new byte[PayloadTypeCount];

    private RtpCodecTable()
    {
        Array.Fill(_rtxFor, NoPayloadType);
        Array.Fill(_rtxOf, NoPayloadType);
    }

    /// <summary>The clock rate of the section's primary codec (48 kHz Opus, 90 kHz video).</summary>
    public int ClockRate { get; private set; }

    /// <summary>The answered primary payload types in preference order.</summary>
    public IReadOnlyList<byte> PrimaryPayloadTypes { get; private set; } = [];

    public static RtpCodecTable FromSection(MediaDescription section)
    {
        var table = new RtpCodecTable();
        var primaries = new List<byte>();
        foreach (SdpPayloadFormat format in section.GetPayloadFormats())
        {
            if (format.PayloadType is < 0 or >= PayloadTypeCount || format.RtpMap is null)
            {
                continue;
            }

            RtpCodec codec = Parse(format.RtpMap.EncodingName);
            table._codecs[format.PayloadType] = codec;
            if (codec == RtpCodec.Rtx && format.AssociatedPayloadType is int apt and >= 0 and < PayloadTypeCount)
            {
                table._rtxFor[format.PayloadType] = (byte)apt;
                table._rtxOf[apt] = (byte)format.PayloadType;
            }
            else if (codec is not (RtpCodec.None or RtpCodec.Rtx))
            {
                primaries.Add((byte)format.PayloadType);
                if (table.ClockRate == 0)
                {
                    table.ClockRate = format.RtpMap.ClockRate;
                }
            }
        }

        table.PrimaryPayloadTypes = primaries;
        return table;
    }

    public RtpCodec CodecOf(byte payloadType) => _codecs[payloadType & 0x7F];

    /// <summary>True when <paramref name="payloadType"/> is RTX; <paramref name="primary"/> is the payload type it repairs.</summary>
    public bool IsRtx(byte payloadType, out byte primary)
    {
        primary = _rtxFor[payloadType & 0x7F];
        return primary != NoPayloadType;
    }

    /// <summary>The RTX payload type that repairs <paramref name="primary"/>, if one was negotiated.</summary>
    public bool TryGetRtx(byte primary, out byte rtx)
    {
        rtx = _rtxOf[primary & 0x7F];
        return rtx != NoPayloadType;
    }

    /// <summary>
    /// Builds the map from <paramref name="source"/>'s payload types to this table's, matching by codec name (the
    /// browser usually offers the same numbers, but nothing guarantees it). Unmapped entries are 0xFF.
    /// </summary>
    public byte[] MapFrom(RtpCodecTable source)
    {
        var map = new byte[PayloadTypeCount];
        Array.Fill(map, NoPayloadType);
        for (int pt = 0; pt < PayloadTypeCount; pt++)
        {
            RtpCodec codec = source._codecs[pt];
            if (codec is RtpCodec.None or RtpCodec.Rtx)
            {
                continue;
            }

            map[pt] = _codecs[pt] == codec ? (byte)pt : FindPrimary(codec);
        }

        return map;
    }

    public static bool IsMapped(byte mapped) => mapped != NoPayloadType;

    private byte FindPrimary(RtpCodec codec)
    {
        foreach (byte pt in PrimaryPayloadTypes)
        {
            if (_codecs[pt] == codec)
            {
                return pt;
            }
        }

        return NoPayloadType;
    }

    private static RtpCodec Parse(string name) => name.ToUpperInvariant() switch
    {
        "OPUS" => RtpCodec.Opus,
        "VP8" => RtpCodec.Vp8,
        "H264" => RtpCodec.H264,
        "RTX" => RtpCodec.Rtx,
        _ => RtpCodec.None,
    };
}
