namespace Live.Sessions;

/// <summary>
/// The room's text chat between hosts and guests, beside the video. Observers read it and never write to it, so what a
/// guest sees in it cannot depend on observers; the staff-only backroom is <see cref="ISessionBackroom"/>.
/// </summary>
[Alias("Live.ISessionMessages")]
public interface ISessionMessages : IGrainWithStringKey
{
    /// <summary>Posts a line from a host or an admitted guest to everyone admitted; refuses observers.</summary>
    [Alias("SendMessage")] Task<RoomMessage> SendMessageAsync(string participantId, string text);
}
