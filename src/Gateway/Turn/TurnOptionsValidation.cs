using Live.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Turn;

/// <summary>Checks <see cref="TurnOptions"/> at start, against the invite lifetime, and says exactly what is wrong.</summary>
public sealed class TurnOptionsValidation(IOptions<AuthOptions> auth) : IValidateOptions<TurnOptions>
{
    public ValidateOptionsResult Validate(string? name, TurnOptions options) =>
        options.Problem(auth.Value.InviteLifetime) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
