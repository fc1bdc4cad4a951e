namespace Live.Sessions;

/// <summary>
/// What a shop's backend tells the hosts about a customer before a sales call (name, company, CRM id, cart, the page they
/// came from, a free-text note), signed with the deployment's customer-context key and verified by the gateway. Staff
/// only: never sent to the customer or any other guest. Every field is optional.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.CustomerContext")]
public sealed record CustomerContext(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Company,
    [property: Id(2)] string? CrmId,
    [property: Id(3)] decimal? CartValue,
    [property: Id(4)] string? Currency,
    [property: Id(5)] string? Page,
    [property: Id(6)] string? Note)
{
    /// <summary>Longest name, company, CRM id or page; a URL fits (browsers keep them under ~2,000 characters).</summary>
    public const int MaxFieldLength = 2000;
    /// <summary>Longest note.</summary>
    public const int MaxNoteLength = 1000;

    /// <summary>Says what is wrong, or null: the values come from a token and are checked again at the grain boundary.</summary>
    public string? Problem()
    {
        foreach (var (value, what) in (ReadOnlySpan<(string?, string)>)[(Name, "name"), (Company, "company"), (CrmId, "crmId"), (Page, "page")])
            if (value is { Length: > MaxFieldLength }) return $"Customer context {what} is too long (at most {MaxFieldLength} characters).";
        if (Note is { Length: > MaxNoteLength }) return $"Customer context note is too long (at most {MaxNoteLength} characters).";
        if (Currency is { } c && (c.Length != 3 || !c.All(char.IsAsciiLetterUpper))) return "Customer context currency is an ISO 4217 code such as EUR.";
        if (CartValue is < 0) return "Customer context cartValue cannot be negative.";
        if (IsEmpty) return "Customer context has no fields.";
        return null;
    }

    private bool IsEmpty => Name is null && Company is null && CrmId is null && CartValue is null && Page is null && Note is null;
}

/// <summary>The <c>customerContext</c> event's data, for staff: whose context and what it says.</summary>
[GenerateSerializer, Immutable, Alias("Live.CustomerContextNotice")]
public sealed record CustomerContextNotice([property: Id(0)] string ParticipantId, [property: Id(1)] CustomerContext Context);
