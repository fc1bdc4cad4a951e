using System.Text.RegularExpressions;

namespace Live.Tests.Integration.Deployment;

/// <summary>
/// The metric names a PromQL expression selects: what is left after function and aggregation names, keywords,
/// label matchers (<c>{…}</c>), range selectors (<c>[…]</c>), label lists of <c>by</c>/<c>without</c>/<c>on</c>/
/// <c>ignoring</c>/<c>group_left</c>/<c>group_right</c>, strings, numbers and durations are taken away. Enough for the
/// dashboards' queries, not a PromQL parser: a name is reported as written (a histogram's <c>_bucket</c> series stays
/// <c>…_bucket</c>, which is the series a scrape shows).
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> LabelListKeywords = ["by", "without", "on", "ignoring", "group_left", "group_right"];
    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"];

    public static IReadOnlyList<string> Of(string expr)
    {
        var tokens = Token().Matches(expr).Select(m => m.Value).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        var names = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!Identifier().IsMatch(token)) continue;
            var next = i + 1 < tokens.Count ? tokens[i + 1] : "";
            if (LabelListKeywords.Contains(token))
            {
                // by (role, le): the names in the list are labels, not metrics.
                if (next == "(") i = ClosingParenthesis(tokens, i + 1);
                continue;
            }
            // A function or aggregation: sum(…), and sum by (role) (…) with its modifier first.
            if (Keywords.Contains(token.ToLowerInvariant()) || next is "(" or "by" or "without") continue;
            if (!names.Contains(token)) names.Add(token);
        }
        return names;
    }

    private static int ClosingParenthesis(List<string> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i] == "(") depth++;
            else if (tokens[i] == ")" && --depth == 0) return i;
        }
        return tokens.Count;
    }

    // Order matters: strings, matchers and ranges are whole tokens (their insides are never names); a number or a
    // duration (5m, 1e3, 0x1f) is one token so that its letters are not read as a name.
    [GeneratedRegex("""
        "(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|\{[^}]*\}|\[[^\]]*\]|0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[a-z]*|[a-zA-Z_:][a-zA-Z0-9_:]*|\s+|.
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Token();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex Identifier();
}
