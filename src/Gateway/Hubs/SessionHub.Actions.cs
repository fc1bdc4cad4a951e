using Live.Media;
using Live.Participants;
using Live.Sessions;

namespace Live.Gateway.Hubs;

// Hub methods for prompts, cards, polls, reactions, room chat, backroom and recording: one grain call each.
public sealed partial class SessionHub
{
    public Task<PromptView> NextPrompt() => Session<ISessionStage>().NextPromptAsync(MyId);

    public Task<PromptView> PreviousPrompt() => Session<ISessionStage>().PreviousPromptAsync(MyId);

    public Task<PromptView> JumpToPrompt(int index) => Session<ISessionStage>().JumpToPromptAsync(MyId, index);

    public Task<PromptView> ShowPrompt(string text) => Session<ISessionStage>().ShowAdHocPromptAsync(MyId, text);

    public Task<ProductCard> PushCard(ProductCard card) => Session<ISessionStage>().PushCardAsync(MyId, card);

    public Task WithdrawCard() => Session<ISessionStage>().WithdrawCardAsync(MyId);

    /// <summary>The customer opened the link of the card on screen; staff see it on that card.</summary>
    public Task CardOpened(string cardId) => Session<ISessionStage>().CardOpenedAsync(MyId, cardId);

    public Task<PollView> OpenPoll(string question, string[] options, bool multiple, bool observersMayVote) =>
        Session<ISessionFeedback>().OpenPollAsync(MyId, question, options, multiple, observersMayVote);

    public Task<PollView> Vote(string pollId, int[] choice) => Session<ISessionFeedback>().VoteAsync(MyId, pollId, choice);

    public Task<PollView> ClosePoll(string pollId) => Session<ISessionFeedback>().ClosePollAsync(MyId, pollId);

    public Task<PollView> RevealPoll(string pollId) => Session<ISessionFeedback>().RevealPollAsync(MyId, pollId);

    public Task React(string reaction) => Session<ISessionFeedback>().ReactAsync(MyId, reaction);

    public Task<BackroomMessage> Chat(string text) => Session<ISessionBackroom>().ChatAsync(MyId, text);

    /// <summary>A line in the room's chat between hosts and guests (observers read it, never write it).</summary>
    public Task<RoomMessage> SendMessage(string text) => Session<ISessionMessages>().SendMessageAsync(MyId, text);

    public Task<BackroomMessage> AddNote(string text) => Session<ISessionBackroom>().AddNoteAsync(MyId, text);

    public Task<RecordingView> StartRecording() => Session<ISessionRecording>().StartRecordingAsync(MyId);

    public Task<RecordingView> PauseRecording() => Session<ISessionRecording>().PauseRecordingAsync(MyId);

    public Task<RecordingView> ResumeRecording() => Session<ISessionRecording>().ResumeRecordingAsync(MyId);

    public Task<RecordingView> StopRecording() => Session<ISessionRecording>().StopRecordingAsync(MyId);

    public Task SetConsent(bool consent) => Session<ISessionRecording>().SetConsentAsync(MyId, consent);

    /// <summary>Stores this participant's connection check; hosts see it beside them in the lobby.</summary>
    public Task ReportConnectionCheck(ConnectionCheck check) =>
        grains.GetGrain<IParticipantGrain>(ParticipantKey.For(SessionId, MyId)).ReportConnectionCheckAsync(check);

    /// <summary>
    /// A guest hands over the customer context their link carries (the shop's signed token); the gateway verifies it and
    /// staff see it beside them. Nothing of it comes back to the guest: the answer is empty, a refusal names only a reason.
    /// </summary>
    public Task ShareCustomerContext(string token)
    {
        var verified = customerContexts.Verify(token, SessionId);
        if (verified.Context is not { } context) throw new SessionRuleException($"context-{verified.Reason}", verified.Message!);
        return Session<ISessionLobby>().SetCustomerContextAsync(MyId, context);
    }

    /// <summary>Media: the path this participant's media takes now (udp, tcp or relay); hosts see it in their roster.</summary>
    public Task ReportMediaPath(MediaPath path) =>
        grains.GetGrain<IParticipantGrain>(ParticipantKey.For(SessionId, MyId)).ReportMediaPathAsync(path);

    /// <summary>Media: answers this participant's SDP offer on the session's media router.</summary>
    public Task<MediaAnswer> Negotiate(MediaOffer offer) => grains.GetGrain<IMediaRouterGrain>(SessionId).NegotiateAsync(MyId, offer);
}
