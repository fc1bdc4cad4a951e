using Live.Sessions;
using Microsoft.AspNetCore.Diagnostics;

namespace Live.Gateway.Api;

/// <summary>Turns a refused request into a problem response with the rule's code and message; nothing else leaks.</summary>
public sealed class SessionRuleProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            SessionRuleException { Code: "unknown-session" or "unknown-participant" or "unknown-poll" or "unknown-webhook" } e => (StatusCodes.Status404NotFound, e.Code, e.Message),
            SessionRuleException { Code: "invalid-input" or "unknown-option" } e => (StatusCodes.Status400BadRequest, e.Code, e.Message),
            SessionRuleException e => (StatusCodes.Status409Conflict, e.Code, e.Message),
            BadHttpRequestException e => (StatusCodes.Status400BadRequest, "invalid-input", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "internal", "Something went wrong; please try again."),
        };
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = code, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
