namespace Live.Tests.Unit.Media.Recording;

/// <summary>A clock the test moves by hand, in milliseconds.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _nowMs;

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => _nowMs;

    public void SetMs(long ms) => _nowMs = ms;
}
