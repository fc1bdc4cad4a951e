using System.Net;
using Live.Silo.Hosting;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// Orleans' dashboard (Microsoft.Orleans.Dashboard) answers on the operator's management port and nowhere on the
/// public door: its grain lists name sessions and participants, observers included.
/// </summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class OrleansDashboardTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Dashboard_ServedOnTheManagementPort()
    {
        using var management = new HttpClient { BaseAddress = gateway.ManagementAddress };

        using var page = await management.GetAsync(DashboardOptions.Path + "/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_NotServedOnThePublicPort_EvenWithTheApiKeyOrAForgedHost()
    {
        // The management port serves it (proving the path exists), the public one does not, whatever the request says.
        using var management = new HttpClient { BaseAddress = gateway.ManagementAddress };
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync(DashboardOptions.Path + "/")).StatusCode);

        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(DashboardOptions.Path + "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin.GetAsync(DashboardOptions.Path + "/")).StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, DashboardOptions.Path + "/");
        forged.Headers.Host = $"127.0.0.1:{gateway.ManagementAddress.Port}";
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(forged)).StatusCode);
    }
}
