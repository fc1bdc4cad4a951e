namespace Live.Media.Sfu;

/// <summary>A table in the form a pipe carries between silos: the primary payload types and their codec names.</summary>
internal sealed partial class RtpCodecTable
{
    public IReadOnlyList<PipeCodec> DescribePrimaries() =>
        PrimaryPayloadTypes.Select(pt => new PipeCodec(pt, _codecs[pt].ToString().ToUpperInvariant())).ToList();

    /// <summary>The table of a piped producer; null when a payload type or codec is not one the SFU forwards.</summary>
    public static RtpCodecTable? FromPipe(IReadOnlyList<PipeCodec> codecs, int clockRate)
    {
        var table = new RtpCodecTable { ClockRate = clockRate };
        var primaries = new List<byte>();
        foreach (PipeCodec codec in codecs)
        {
            RtpCodec parsed = Parse(codec.Name);
            if (codec.PayloadType >= PayloadTypeCount || parsed is RtpCodec.None or RtpCodec.Rtx)
            {
                return null;
            }

            table._codecs[codec.PayloadType] = parsed;
            primaries.Add(codec.PayloadType);
        }

        table.PrimaryPayloadTypes = primaries;
        return primaries.Count > 0 && clockRate > 0 ? table : null;
    }
}
