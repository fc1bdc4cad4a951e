using Live.Media.Rtcp;
using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A subscriber's transport-cc feedback generator as the loopback tests play it
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): remembers the transport-wide sequence number of each
/// packet the SFU forwarded together with the arrival time (or loss) the test decides, and turns what it remembered
/// into one feedback packet, as a browser does about every 100 ms.
/// </summary>
internal sealed class SfuTestTransportFeedback(byte extensionId)
{
    private const uint SubscriberSsrc = 0x0A0B0C0D;

    private readonly List<(ushort Sequence, long? ArrivalUs)> _pending = [];
    private byte _feedbackCount;

    /// <summary>Packets remembered since the last <see cref="Build"/>.</summary>
    public int Count => _pending.Count;

    /// <summary>All sequence numbers seen, in arrival order.</summary>
    public List<ushort> Seen { get; } = [];

    /// <summary>Reads the transport-wide sequence number of forwarded <paramref name="rtp"/> and remembers its fate.</summary>
    public ushort Record(byte[] rtp, long? arrivalUs)
    {
        Assert.True(RtpHeader.TryParse(rtp, out RtpHeader header));
        Assert.True(RtpPacketRewriter.TryGetTransportWideSequenceNumber(rtp, header, extensionId, out ushort sequence),
            "a forwarded packet carries no transport-wide sequence number");
        _pending.Add((sequence, arrivalUs));
        Seen.Add(sequence);
        return sequence;
    }

    /// <summary>One feedback packet for everything remembered since the last one (which must be in sequence order).</summary>
    public byte[] Build(uint mediaSsrc)
    {
        Assert.NotEmpty(_pending);
        ushort first = _pending[0].Sequence;
        var arrivals = new long?[(ushort)(_pending[^1].Sequence - first) + 1];
        foreach ((ushort sequence, long? arrival) in _pending)
        {
            arrivals[(ushort)(sequence - first)] = arrival;
        }

        var feedback = TransportWideFeedback.FromArrivals(SubscriberSsrc, mediaSsrc, _feedbackCount++, first, arrivals);
        var bytes = new byte[feedback.GetSerializedSize()];
        feedback.WriteTo(bytes);
        _pending.Clear();
        return bytes;
    }
}
