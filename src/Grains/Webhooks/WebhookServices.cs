using Microsoft.Extensions.DependencyInjection;

namespace Live.Grains.Webhooks;

/// <summary>Registers what the webhook grains need on a silo.</summary>
public static class WebhookServices
{
    /// <summary>Adds the silo's webhook sender; options come from <see cref="WebhookOptions"/> (bind or configure them separately).</summary>
    public static IServiceCollection AddLiveWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .Validate(o => o.MaxAttempts >= 1 && o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay
                && o.RequestTimeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.MaxConcurrentDeliveries >= 1
                && o.MaxPendingPerEndpoint >= 1 && o.MaxRetainedEvents >= 1 && o.MaxDeadLetters >= 1,
                "Live:Webhooks has a value out of range.")
            .ValidateOnStart();
        services.AddSingleton<WebhookSender>();
        return services;
    }
}
