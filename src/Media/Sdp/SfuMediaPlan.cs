namespace Live.Media.Sdp;

/// <summary>The SFU's intent for one mid: the direction it wants and, when it sends, the stream it sends.</summary>
public sealed record SfuMediaPlan(SfuMediaDirection Direction, SfuSendStream? Send = null)
{
    /// <summary>Receive only: the default for a publisher's sections.</summary>
    public static SfuMediaPlan Receive { get; } = new(SfuMediaDirection.Receive);
}
