using Live.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Live.Tests.Integration.Cluster;

/// <summary>Validation of Live:Cluster before anything connects (no database needed).</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void NoConfiguration_IsTheEmbeddedDefault()
    {
        var options = ClusterOptions.From(new ConfigurationBuilder().Build());

        Assert.True(options.IsEmbedded);
        options.Validate();
    }

    [Fact]
    public void UnknownProvider_NamesTheKnownOnes()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => new ClusterOptions { Provider = "Redis" }.Validate());

        Assert.Contains("'Redis' is not known", error.Message);
        Assert.Contains(ClusterOptions.PostgreSql, error.Message);
    }

    [Fact]
    public void PostgreSqlWithoutConnectionString_NamesTheKeyAndVariable()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => new ClusterOptions { Provider = "PostgreSql" }.Validate());

        Assert.Contains("Live:Cluster:ConnectionString", error.Message);
        Assert.Contains("Live__Cluster__ConnectionString", error.Message);
    }

    [Fact]
    public void AdvertisedAddress_MustBeAnIp()
    {
        var options = new ClusterOptions { Provider = "PostgreSql", ConnectionString = "Host=db", AdvertisedAddress = "silo-1" };

        Assert.Contains("not an IP address", Assert.Throws<ClusterConfigurationException>(options.Validate).Message);
    }

    private static readonly Dictionary<string, string> PodEnvironment = new()
    {
        ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
        ["POD_NAME"] = "live-silo-7d9f8-abcde",
        ["POD_NAMESPACE"] = "live",
    };

    [Theory]
    [InlineData(null, true)]
    [InlineData("POD_NAME", false)]
    [InlineData("POD_NAMESPACE", false)]
    [InlineData("KUBERNETES_SERVICE_HOST", false)]
    public void KubernetesHosting_Unset_OnOnlyInAPodWithItsIdentity(string? missing, bool expected)
    {
        var options = new ClusterOptions { Provider = "PostgreSql", ConnectionString = "Host=db" };
        var environment = PodEnvironment.Where(e => e.Key != missing).ToDictionary();

        Assert.Equal(expected, options.UsesKubernetesHosting(environment.GetValueOrDefault));
    }

    [Fact]
    public void KubernetesHosting_ExplicitSetting_WinsOverTheEnvironment()
    {
        var on = new ClusterOptions { Provider = "PostgreSql", ConnectionString = "Host=db", Kubernetes = true };
        var off = new ClusterOptions { Provider = "PostgreSql", ConnectionString = "Host=db", Kubernetes = false };

        Assert.True(on.UsesKubernetesHosting(_ => null));
        Assert.False(off.UsesKubernetesHosting(PodEnvironment.GetValueOrDefault));
    }

    [Fact]
    public void KubernetesHosting_Embedded_NeverAndRefusedWhenAsked()
    {
        Assert.False(new ClusterOptions().UsesKubernetesHosting(PodEnvironment.GetValueOrDefault));
        var error = Assert.Throws<ClusterConfigurationException>(new ClusterOptions { Kubernetes = true }.Validate);

        Assert.Contains("Live:Cluster:Kubernetes", error.Message);
    }
}
