namespace Live.Media.Bwe;

/// <summary>
/// The difference between two consecutive arrival groups (draft-ietf-rmcat-gcc-02 §5.2): how far apart their last
/// packets were sent and arrived, and how many more bytes the newer group carried.
/// </summary>
/// <param name="SendDeltaUs">Send time of the group's last packet minus that of the previous group (sender clock).</param>
/// <param name="ArrivalDeltaUs">Arrival time of the group's last packet minus that of the previous group (receiver clock).</param>
/// <param name="SizeDeltaBytes">The group's size minus the previous group's size.</param>
/// <param name="ArrivalTimeUs">Arrival time of the group's last packet (receiver clock).</param>
public readonly record struct PacketGroupDelta(long SendDeltaUs, long ArrivalDeltaUs, int SizeDeltaBytes, long ArrivalTimeUs)
{
    /// <summary>The inter-group delay variation d(i) = (t(i) − t(i−1)) − (T(i) − T(i−1)), in microseconds.</summary>
    public long DelayVariationUs => ArrivalDeltaUs - SendDeltaUs;
}
