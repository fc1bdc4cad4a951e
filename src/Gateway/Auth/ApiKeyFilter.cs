using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Auth;

/// <summary>Admits an admin API call only with the configured <c>X-Api-Key</c> header (compared in constant time).</summary>
public sealed class ApiKeyFilter(IOptions<AuthOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        HasApiKey(context.HttpContext)
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem("A valid X-Api-Key header is required.", statusCode: StatusCodes.Status401Unauthorized));

    /// <summary>Whether the request carries the right API key.</summary>
    public bool HasApiKey(HttpContext http)
    {
        var given = http.Request.Headers[Header].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(options.Value.ApiKey));
    }
}
