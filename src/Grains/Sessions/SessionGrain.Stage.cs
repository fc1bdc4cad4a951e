using Live.Grains.Infrastructure;
using Live.Sessions;

namespace Live.Grains.Sessions;

// Prompts from the discussion guide and product cards.
public sealed partial class SessionGrain
{
    public Task<PromptView> NextPromptAsync(string hostId) => MovePromptAsync(hostId, current => current + 1);

    public Task<PromptView> PreviousPromptAsync(string hostId) => MovePromptAsync(hostId, current => current - 1);

    public Task<PromptView> JumpToPromptAsync(string hostId, int index) => MovePromptAsync(hostId, _ => index);

    public async Task<PromptView> ShowAdHocPromptAsync(string hostId, string text)
    {
        RequireHost(hostId);
        RequireLive();
        return await ShowPromptAsync(new PromptView(null, Input.Text(text, SessionLimits.MaxPromptLength, "Prompt"), ClockMs()));
    }

    private async Task<PromptView> MovePromptAsync(string hostId, Func<int, int> move)
    {
        RequireHost(hostId);
        RequireLive();
        if (S.Guide.Count == 0) throw Refuse("no-guide", "This session has no discussion guide.");
        var target = move(S.GuidePlace);
        if (target < 0 || target >= S.Guide.Count)
            throw Refuse("no-such-prompt", $"The guide has prompts 1 to {S.Guide.Count}; there is no prompt {target + 1}.");
        return await ShowPromptAsync(new PromptView(target, S.Guide[target], ClockMs()));
    }

    private async Task<PromptView> ShowPromptAsync(PromptView prompt)
    {
        if (S.PromptHistory.Count >= SessionLimits.MaxPromptsShown)
            throw Refuse("too-many-prompts", $"A session shows at most {SessionLimits.MaxPromptsShown} prompts.");
        S.Prompt = prompt;
        S.PromptHistory.Add(prompt);
        if (prompt.Index is { } index) S.GuidePlace = index;
        await SaveAsync();
        Publish(Audience.Everyone, SessionEventTypes.Prompt, prompt);
        return prompt;
    }

    public async Task<ProductCard> PushCardAsync(string hostId, ProductCard card)
    {
        RequireHost(hostId);
        RequireLive();
        if (S.Kind != SessionKind.SalesCall) throw Refuse("wrong-kind", "Product cards belong to sales calls.");
        var fromCatalogue = S.ProductCards.FirstOrDefault(c => c.Id == card.Id);
        var shown = fromCatalogue ?? Input.Card(card, NewId("card"));
        S.Card = shown;
        await SaveAsync();
        Publish(Audience.Everyone, SessionEventTypes.Card, shown);
        return shown;
    }

    public async Task WithdrawCardAsync(string hostId)
    {
        RequireHost(hostId);
        RequireLive();
        if (S.Card is null) throw Refuse("no-card", "No product card is on screen.");
        S.Card = null;
        await SaveAsync();
        Publish(Audience.Everyone, SessionEventTypes.Card, null);
    }

    /// <summary>One guest tapping a link many times costs one write: only the first open of a card is kept.</summary>
    private const double CardOpensPerSecond = 2, CardOpenBurst = 5;

    public async Task CardOpenedAsync(string guestId, string cardId)
    {
        var guest = Admitted(guestId);
        if (!guest.Role.IsGuest()) throw Refuse("not-guest", "Only the customer's opening of a card is reported.");
        RequireLive();
        if (S.Kind != SessionKind.SalesCall) throw Refuse("wrong-kind", "Product cards belong to sales calls.");
        if (S.Card is null || S.Card.Id != cardId) throw Refuse("no-card", "That product card is not on screen.");
        RequireRate(guest.Id, "cardOpened", CardOpensPerSecond, CardOpenBurst);
        if (S.CardsOpened.ContainsKey(cardId)) return;
        var opened = new CardOpened(cardId, guest.Id, ClockMs(), clock.GetUtcNow());
        S.CardsOpened[cardId] = opened;
        await SaveAsync();
        Publish(Audience.Staff, SessionEventTypes.CardOpened, opened);
    }
}
