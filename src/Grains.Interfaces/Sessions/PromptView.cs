namespace Live.Sessions;

/// <summary>The prompt on screen: its position in the guide (null for an ad-hoc prompt) and its text.</summary>
[GenerateSerializer, Immutable, Alias("Live.PromptView")]
public sealed record PromptView(
    [property: Id(0)] int? Index,
    [property: Id(1)] string Text,
    [property: Id(2)] long ShownAtMs);
