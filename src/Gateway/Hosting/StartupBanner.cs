using Live.Gateway.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Hosting;

/// <summary>Tells a newcomer where the web app is and gives a link that creates a demo session.</summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<AuthOptions> auth) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
            url = url.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1").TrimEnd('/');
            var key = Uri.EscapeDataString(auth.Value.ApiKey);
            Console.WriteLine();
            Console.WriteLine($"Live is running: {url}/#key={key}");
            Console.WriteLine($"Demo session with host, respondent and observer invites: {url}/demo.html#key={key}");
            Console.WriteLine();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
