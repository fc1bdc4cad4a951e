using Live.Silo.Media;
using Microsoft.Extensions.Configuration;

namespace Live.Tests.Integration.Media;

/// <summary><c>Live:Media:ReceiveWorkers</c>: one receive loop per core unless the operator says otherwise.</summary>
public sealed class MediaOptionsReceiveWorkersTests
{
    [Fact]
    public void ReceiveWorkers_Unset_OnePerCore()
    {
        var options = new MediaOptions();

        Assert.Equal(Environment.ProcessorCount, options.ToSfuOptions().ReceiveWorkers);
        Assert.Null(options.Problem());
    }

    [Fact]
    public void ReceiveWorkers_FromConfiguration_ReachTheSfu()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{MediaOptions.Section}:ReceiveWorkers"] = "3" })
            .Build();
        var options = new MediaOptions();

        configuration.GetSection(MediaOptions.Section).Bind(options);

        Assert.Equal(3, options.ToSfuOptions().ReceiveWorkers);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Live.Media.Sfu.SfuOptions.MaxReceiveWorkers + 1)]
    public void ReceiveWorkers_OutOfRange_IsAProblem(int workers)
    {
        Assert.Contains("ReceiveWorkers", new MediaOptions { ReceiveWorkers = workers }.Problem());
    }
}
