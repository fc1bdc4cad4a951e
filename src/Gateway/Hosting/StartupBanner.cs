using Live.Gateway.Auth;
using Live.Media.Sfu;
using Live.Silo.Media;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Live.Gateway.Hosting;

/// <summary>
/// Tells a newcomer where the web app is and gives a link that creates a demo session: the first two lines the
/// process prints (FirstRunTests), then where media and recordings go.
/// </summary>
public sealed class StartupBanner(
    IServer server, IHostApplicationLifetime lifetime, IOptions<AuthOptions> auth, IOptions<MediaOptions> media, IServiceProvider services)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
            url = url.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1").TrimEnd('/');
            var key = Uri.EscapeDataString(auth.Value.ApiKey);
            // The embedded default carries the SFU in this process; a cluster's gateway has none.
            var sfu = services.GetService<SfuServer>();
            Console.WriteLine($"Live is running: {url}/#key={key}");
            Console.WriteLine($"Demo session with host, respondent and observer invites: {url}/demo.html#key={key}");
            Console.WriteLine(sfu is null
                ? $"Recordings are read from {Path.GetFullPath(media.Value.RecordingsDirectory)}"
                : $"Media on UDP {sfu.LocalEndPoint}; recordings are saved in {Path.GetFullPath(media.Value.RecordingsDirectory)}");
            Console.WriteLine();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
