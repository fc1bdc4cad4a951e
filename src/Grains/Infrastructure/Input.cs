using Live.Sessions;

namespace Live.Grains.Infrastructure;

/// <summary>Checks of user-supplied text and URLs; each failure is a <see cref="SessionRuleException"/> with code <c>invalid-input</c>.</summary>
public static class Input
{
    /// <summary>Trims <paramref name="value"/> and requires 1..<paramref name="max"/> characters.</summary>
    public static string Text(string? value, int max, string what)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) throw Invalid($"{what} is required.");
        if (text.Length > max) throw Invalid($"{what} is too long ({text.Length} characters, at most {max}).");
        return text;
    }

    /// <summary>An optional absolute http(s) URL, or null.</summary>
    public static string? OptionalUrl(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (text.Length > SessionLimits.MaxUrlLength) throw Invalid($"{what} is too long.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Invalid($"{what} must be an http or https URL.");
        return uri.ToString();
    }

    /// <summary>A product card with every field checked.</summary>
    public static ProductCard Card(ProductCard card, string id) => new(
        id,
        Text(card.Title, SessionLimits.MaxCardFieldLength, "Card title"),
        Text(card.Price, SessionLimits.MaxCardFieldLength, "Card price"),
        OptionalUrl(card.ImageUrl, "Card image URL"),
        OptionalUrl(card.Link, "Card link"));

    public static SessionRuleException Invalid(string message) => Refusals.Refuse("invalid-input", message);
}
