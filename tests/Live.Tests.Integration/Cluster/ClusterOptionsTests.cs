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
}
