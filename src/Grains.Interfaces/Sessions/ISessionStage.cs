namespace Live.Sessions;

/// <summary>What the host puts in front of guests: prompts from the discussion guide and product cards.</summary>
[Alias("Live.ISessionStage")]
public interface ISessionStage : IGrainWithStringKey
{
    /// <summary>Shows the next prompt of the guide.</summary>
    [Alias("NextPrompt")] Task<PromptView> NextPromptAsync(string hostId);

    /// <summary>Shows the previous prompt of the guide.</summary>
    [Alias("PreviousPrompt")] Task<PromptView> PreviousPromptAsync(string hostId);

    /// <summary>Jumps to a prompt of the guide by its zero-based index.</summary>
    [Alias("JumpToPrompt")] Task<PromptView> JumpToPromptAsync(string hostId, int index);

    /// <summary>Shows a prompt that is not in the guide.</summary>
    [Alias("ShowAdHocPrompt")] Task<PromptView> ShowAdHocPromptAsync(string hostId, string text);

    /// <summary>Puts a product card on the customer's screen (sales calls): one from the catalogue by id, or a new one.</summary>
    [Alias("PushCard")] Task<ProductCard> PushCardAsync(string hostId, ProductCard card);

    /// <summary>Takes the product card off screen.</summary>
    [Alias("WithdrawCard")] Task WithdrawCardAsync(string hostId);

    /// <summary>A guest opened the link of the card on screen: staff see when (the first time per card; repeats change nothing).</summary>
    [Alias("CardOpened")] Task CardOpenedAsync(string guestId, string cardId);
}
