using Live.Grains.Media;
using Live.Media.Sfu;
using Microsoft.Extensions.Options;

namespace Live.Silo.Media;

/// <summary>Wiring of the silo's SFU: options, the one UDP port, the bridges the media grains drive, edge placement.</summary>
public static class MediaExtensions
{
    public static IServiceCollection AddLiveMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section)
            .Validate(o => o.Problem() is null, "Live:Media is invalid: check UdpPort, TcpPort, UdpEnabled/TcpEnabled, BindAddress, AdvertisedAddress, RecordingsDirectory.")
            .ValidateOnStart();
        services.AddSingleton(sp => new SfuServer(sp.GetRequiredService<IOptions<MediaOptions>>().Value.ToSfuOptions(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SfuServer>>()));
        services.AddSingleton<ISfuRouters, SfuRouters>();
        services.AddSingleton<ISfuPipes, SfuPipes>();
        services.AddOptions<MediaRoutingOptions>().BindConfiguration(MediaRoutingOptions.Section)
            .Validate(o => o.ObserversPerRouter >= 0, "Live:Media:ObserversPerRouter must be 0 or more.")
            .ValidateOnStart();
        // Edge router grains activate on the silo their key names (big observer rooms, docs/media.md).
        services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        services.AddHostedService<SfuStartup>();
        return services;
    }
}

/// <summary>Opens the SFU's UDP port when the silo starts (not on the first call), and says where it is.</summary>
public sealed partial class SfuStartup(SfuServer sfu, ILogger<SfuStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogListening(sfu.LocalEndPoint.ToString(), sfu.Candidate.ToSdpValue(), sfu.Options.UdpEnabled);
        if (sfu.TcpLocalEndPoint is { } tcp)
        {
            LogListeningTcp(tcp.ToString(), sfu.TcpCandidate!.ToSdpValue());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "SFU listening on UDP {Endpoint}; candidate {Candidate} (offered to browsers: {Offered})")]
    private partial void LogListening(string endpoint, string candidate, bool offered);

    [LoggerMessage(Level = LogLevel.Information, Message = "SFU listening on TCP {Endpoint}; candidate {Candidate}")]
    private partial void LogListeningTcp(string endpoint, string candidate);
}
