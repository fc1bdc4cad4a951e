using System.Text;
using Live.Media.Dtls;
using Prometheus;

namespace Live.Tests.Unit.Media.Dtls;

/// <summary>
/// <c>live_dtls_handshakes_total{result}</c>: a handshake that produced keys is <c>result="success"</c>, not the
/// enum's "no failure" value <c>None</c>, which read on a dashboard like a failure of its own.
/// </summary>
public sealed class DtlsMetricsTests
{
    private static readonly DtlsCertificate s_serverCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
    private static readonly DtlsCertificate s_clientCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));

    [Fact]
    public void ToLabel_Success_IsSuccess_FailuresKeepTheirNames()
    {
        Assert.Equal("success", DtlsMetrics.ToLabel(DtlsHandshakeFailure.None));
        Assert.Equal("Timeout", DtlsMetrics.ToLabel(DtlsHandshakeFailure.Timeout));
        string[] labels = Enum.GetValues<DtlsHandshakeFailure>().Select(DtlsMetrics.ToLabel).ToArray();
        Assert.DoesNotContain("None", labels);
        Assert.Equal(labels.Length, labels.Distinct().Count());
    }

    [Fact]
    public async Task SuccessfulHandshake_CountedAsResultSuccess_AndNoNoneLabelIsExported()
    {
        double before = DtlsMetrics.HandshakesFinished(DtlsHandshakeFailure.None);
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, clientError) = await loopback.RunAsync();

        Assert.Null(clientError);
        Assert.True(server.Succeeded, server.ToString());
        // Other tests finish handshakes in parallel: at least ours was counted.
        Assert.True(DtlsMetrics.HandshakesFinished(DtlsHandshakeFailure.None) >= before + 1);

        using var exported = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(exported);
        string text = Encoding.UTF8.GetString(exported.ToArray());
        Assert.Contains("live_dtls_handshakes_total{result=\"success\"}", text);
        Assert.DoesNotContain("live_dtls_handshakes_total{result=\"None\"}", text);
    }
}
