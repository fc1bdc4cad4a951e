using System.Reflection;
using System.Text.RegularExpressions;
using Live.Gateway.Auth;
using Live.Gateway.Turn;
using Live.Gateway.Hosting;
using Live.Silo.Hosting;
using Live.Silo.Media;
using Orleans.Hosting.Kubernetes;

namespace Live.Tests.Integration.Deployment;

/// <summary>
/// The manifests in k8s/base speak the application's real configuration: every <c>Live__Section__Key</c> variable names
/// a property of that section's options class, the probes hit the health endpoints the processes map, and the
/// container ports are the ones the configuration sets.
/// </summary>
[Trait("Category", "Deployment")]
public sealed partial class KubernetesManifestTests
{
    private static readonly string Base = Path.Combine(RepositoryRoot(), "k8s", "base");

    public static TheoryData<string> Manifests() => [.. new[] { "silo.yaml", "gateway.yaml" }];

    [Theory]
    [MemberData(nameof(Manifests))]
    public void EnvironmentVariables_NameRealConfigurationKeys(string manifest)
    {
        var text = File.ReadAllText(Path.Combine(Base, manifest));
        var names = EnvName().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(names);
        var sections = new Dictionary<string, Type>
        {
            ["Cluster"] = typeof(ClusterOptions),
            ["Media"] = typeof(MediaOptions),
            ["Auth"] = typeof(AuthOptions),
            ["Turn"] = typeof(TurnOptions),
            ["Management"] = typeof(ManagementOptions),
            ["Dashboard"] = typeof(DashboardOptions),
        };
        foreach (var name in names)
        {
            var parts = name.Split("__");
            // Live__Section__Key, or Live__Section__Key__<n> for one element of a list.
            Assert.True(parts is ["Live", _, _] or ["Live", _, _, _], $"{manifest}: {name} is not Live__Section__Key");
            Assert.True(sections.TryGetValue(parts[1], out var options), $"{manifest}: no options section '{parts[1]}' ({name})");
            var property = options.GetProperty(parts[2], BindingFlags.Public | BindingFlags.Instance);
            Assert.True(property?.CanWrite == true, $"{manifest}: {options.Name} has no settable property '{parts[2]}' ({name})");
            if (parts.Length == 4)
                Assert.True(int.TryParse(parts[3], out _) && property!.PropertyType.IsAssignableTo(typeof(System.Collections.IList)),
                    $"{manifest}: {name} indexes '{parts[2]}', which is not a list");
        }
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Probes_UseTheHealthEndpointsOnTheServedPort(string manifest)
    {
        var text = File.ReadAllText(Path.Combine(Base, manifest));
        Assert.Contains("path: /health/live", text);
        Assert.Contains("path: /health/ready", text);
        var url = Regex.Match(text, @"name: urls, value: ""http://0\.0\.0\.0:(\d+)""");
        Assert.True(url.Success, $"{manifest} sets no urls");
        Assert.Matches($@"name: http, containerPort: {url.Groups[1].Value}\b", text);
    }

    [Fact]
    public void SiloPorts_MatchItsConfiguration()
    {
        var text = File.ReadAllText(Path.Combine(Base, "silo.yaml"));
        string Env(string name) => Regex.Match(text, $@"name: {name}, value: ""?([^"" }}]+)").Groups[1].Value;
        Assert.Matches($@"containerPort: {Env("Live__Cluster__SiloPort")}, protocol: TCP", text);
        Assert.Matches($@"containerPort: {Env("Live__Cluster__GatewayPort")}, protocol: TCP", text);
        var udp = Env("Live__Media__UdpPort");
        Assert.Matches($@"containerPort: {udp}, hostPort: {udp}, protocol: UDP", text);
        var tcp = Env("Live__Media__TcpPort");
        Assert.Matches($@"containerPort: {tcp}, hostPort: {tcp}, protocol: TCP", text); // ICE-TCP (RFC 6544)
        Assert.Contains("fieldPath: status.hostIP", text); // media advertised as the node's address
    }

    [Fact]
    public void Silo_GivesKubernetesHostingItsPodIdentity()
    {
        var text = File.ReadAllText(Path.Combine(Base, "silo.yaml"));
        // What switches UseKubernetesHosting on (KUBERNETES_SERVICE_HOST comes from Kubernetes itself) and the pod IP
        // Orleans reads, each from the downward API field that carries it.
        var fields = new Dictionary<string, string>
        {
            ["POD_NAME"] = "metadata.name",
            ["POD_NAMESPACE"] = "metadata.namespace",
            ["POD_IP"] = "status.podIP",
        };
        Assert.Subset(fields.Keys.Append("KUBERNETES_SERVICE_HOST").ToHashSet(), ClusterOptions.KubernetesPodVariables.Append("POD_IP").ToHashSet());
        foreach (var (name, field) in fields)
            Assert.Matches($@"- name: {name}\s+valueFrom: {{ fieldRef: {{ fieldPath: {Regex.Escape(field)} }} }}", text);
        Assert.DoesNotContain("Live__Cluster__Kubernetes", text); // left to the detection, so the variables above decide

        // The agent selects the cluster's pods by these labels, with the values of the silo's cluster options.
        string Env(string key) => Regex.Match(text, $@"name: Live__Cluster__{key}, value: ""?([^"" }}]+)").Groups[1].Value;
        Assert.Matches($@"\n\s+{Regex.Escape(KubernetesHostingOptions.ServiceIdLabel)}: {Env("ServiceId")}\n", text);
        Assert.Matches($@"\n\s+{Regex.Escape(KubernetesHostingOptions.ClusterIdLabel)}: {Env("ClusterId")}\n", text);
    }

    [Fact]
    public void Rbac_GrantsTheSiloAccountWhatKubernetesHostingCalls()
    {
        var silo = File.ReadAllText(Path.Combine(Base, "silo.yaml"));
        var rbac = File.ReadAllText(Path.Combine(Base, "rbac.yaml"));
        var account = Regex.Match(silo, @"serviceAccountName: (\S+)").Groups[1].Value;
        Assert.Matches($@"kind: ServiceAccount\s+metadata:\s+name: {account}\n", rbac);
        Assert.Matches($@"subjects:\s+- kind: ServiceAccount\s+name: {account}\n", rbac);

        var rule = Regex.Match(rbac, @"resources: \[""pods""\]\s+verbs: \[([^\]]*)\]");
        Assert.True(rule.Success, "rbac.yaml has no rule on pods");
        var verbs = rule.Groups[1].Value.Split(',').Select(v => v.Trim().Trim('"')).ToHashSet();
        // get + patch: its own pod's labels; list: the pods at start; watch: deleted pods. Delete only if Live turned
        // on DeleteDefunctSiloPods, which it does not (least privilege).
        Assert.True(verbs.SetEquals(["get", "list", "watch", "patch"]), $"pods verbs: {rule.Groups[1].Value}");
        Assert.False(new KubernetesHostingOptions().DeleteDefunctSiloPods);
    }

    [Fact]
    public void Turn_SharesItsSecretWithTheGatewaysAndHasNoStaticPassword()
    {
        var turn = File.ReadAllText(Path.Combine(Base, "turn.yaml"));
        var gateway = File.ReadAllText(Path.Combine(Base, "gateway.yaml"));
        Assert.Contains("\n    use-auth-secret\n", turn);
        Assert.Contains("--static-auth-secret=$(TURN_SECRET)", turn);
        Assert.Matches(@"- name: TURN_SECRET\s+valueFrom: \{ secretKeyRef: \{ name: live-secrets, key: turn-secret \} \}", turn);
        Assert.Matches(@"- name: Live__Turn__Secret\s+valueFrom: \{ secretKeyRef: \{ name: live-secrets, key: turn-secret \} \}", gateway);
        Assert.Contains("turn-secret:", File.ReadAllText(Path.Combine(Base, "secret.yaml")));
        // Long-term credentials (user=name:password, lt-cred-mech) would be static passwords.
        Assert.DoesNotMatch(@"(?m)^\s*(user|lt-cred-mech|static-auth-secret)\b", turn);
        Assert.DoesNotContain("allow-loopback-peers", turn);
    }

    [Fact]
    public void Turn_ListensOnEveryPortTheGatewaysHandOut()
    {
        var turn = File.ReadAllText(Path.Combine(Base, "turn.yaml"));
        var gateway = File.ReadAllText(Path.Combine(Base, "gateway.yaml"));
        var urls = Regex.Matches(gateway, @"name: Live__Turn__Urls__\d+, value: ""(turns?):[^:""]+:(\d+)\?transport=(udp|tcp)""")
            .Select(m => (Scheme: m.Groups[1].Value, Port: m.Groups[2].Value, Transport: m.Groups[3].Value)).ToList();
        Assert.Contains(urls, u => u is { Scheme: "turn", Transport: "udp" });
        Assert.Contains(urls, u => u is { Scheme: "turn", Transport: "tcp" });
        Assert.Contains(urls, u => u.Scheme == "turns");
        foreach (var (scheme, port, transport) in urls)
        {
            var key = scheme == "turn" ? "listening-port" : "(tls-listening-port|alt-tls-listening-port)";
            Assert.Matches($@"\n\s+{key}={port}\n", turn);
            Assert.Matches($@"containerPort: {port}, protocol: {transport.ToUpperInvariant()}", turn);
        }
        Assert.Contains("hostNetwork: true", turn);
        var range = Regex.Match(turn, @"min-port=(\d+)\n\s+max-port=(\d+)");
        Assert.True(range.Success && int.Parse(range.Groups[1].Value) < int.Parse(range.Groups[2].Value), "turn.yaml sets no relay port range");
    }

    [Fact]
    public void GatewayMetrics_ScrapedOnTheManagementPortThatNoServiceOrIngressRoutes()
    {
        var text = File.ReadAllText(Path.Combine(Base, "gateway.yaml"));
        var management = Regex.Match(text, @"name: Live__Management__Urls, value: ""http://0\.0\.0\.0:(\d+)""");
        Assert.True(management.Success, "gateway.yaml sets no Live__Management__Urls");
        var port = management.Groups[1].Value;
        Assert.Matches($@"name: management, containerPort: {port}, protocol: TCP", text);
        Assert.Contains($"prometheus.io/port: \"{port}\"", text);
        Assert.Contains($"prometheus.io/path: {OperatorEndpoints.MetricsPath}", text);
        var publicPort = Regex.Match(text, @"name: urls, value: ""http://0\.0\.0\.0:(\d+)""").Groups[1].Value;
        Assert.NotEqual(publicPort, port);

        // The Service carries the public port alone, and the Ingress routes only to it.
        var service = Regex.Match(text, @"kind: Service\n(?<body>(?:.*\n)*?)---").Groups["body"].Value;
        Assert.Matches(@"ports:\s+- \{ name: http, port: 80, targetPort: http \}\s*$", service);
        Assert.DoesNotContain("management", service);
        Assert.DoesNotContain(port, service);
        var ingress = text[text.IndexOf("kind: Ingress", StringComparison.Ordinal)..];
        Assert.All(Regex.Matches(ingress, @"port: \{ (.*) \}").Select(m => m.Groups[1].Value), p => Assert.Equal("name: http", p));
    }


    [Fact]
    public void SiloOperatorPort_MetricsAndDashboard_NoServiceSelectsSilos()
    {
        var silo = File.ReadAllText(Path.Combine(Base, "silo.yaml"));
        var port = Regex.Match(silo, @"name: urls, value: ""http://0\.0\.0\.0:(\d+)""").Groups[1].Value;
        Assert.Contains($"prometheus.io/port: \"{port}\"", silo);
        Assert.Contains("name: Live__Dashboard__Enabled, value: \"true\"", silo);

        // Orleans' dashboard names sessions and participants: the silo's HTTP port must stay off every Service.
        var services = System.IO.Directory.GetFiles(Base, "*.yaml").Select(File.ReadAllText)
            .SelectMany(text => text.Split("\n---"))
            .Where(doc => Regex.IsMatch(doc, @"^kind: Service\s*$", RegexOptions.Multiline))
            .ToList();
        Assert.NotEmpty(services);
        Assert.All(services, service => Assert.DoesNotContain("live-silo", service));
    }

    [GeneratedRegex(@"name: (Live__[A-Za-z0-9_]+)")]
    private static partial Regex EnvName();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Live.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Live.sln not found above the test output.");
    }
}
