namespace Live.Participants;

/// <summary>
/// What a participant's connection check found before the lobby: camera, microphone, and the media path to the silo with
/// its round-trip time and packet loss over a few seconds. Shown to hosts beside the waiting guest, to no one else.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.ConnectionCheck")]
public sealed record ConnectionCheck(
    [property: Id(0)] MediaPath Path,
    [property: Id(1)] int? RoundTripMs,
    [property: Id(2)] double? LossPercent,
    [property: Id(3)] DeviceStatus Camera,
    [property: Id(4)] DeviceStatus Microphone)
{
    /// <summary>Longest round trip a check reports; anything slower is not a usable path (ITU-T G.114 puts 400 ms as the limit for conversation).</summary>
    public const int MaxRoundTripMs = 10_000;

    /// <summary>Says what is wrong with a reported check, or null: values come from a browser and are checked, not trusted.</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Path) || !Enum.IsDefined(Camera) || !Enum.IsDefined(Microphone)) return "Unknown path or device status.";
        if (RoundTripMs is < 0 or > MaxRoundTripMs) return $"A round-trip time is 0 to {MaxRoundTripMs} ms.";
        if (LossPercent is { } loss && (!double.IsFinite(loss) || loss < 0 || loss > 100)) return "Packet loss is 0 to 100 %.";
        if (Path == MediaPath.Failed && (RoundTripMs is not null || LossPercent is not null)) return "A failed path has no round-trip time or loss.";
        return null;
    }
}
