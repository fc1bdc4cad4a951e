namespace Live.Tests.Integration.Deployment;

/// <summary>
/// Every manifest under k8s/ matches the Kubernetes schema of its apiVersion and kind, checked offline by
/// scripts/k8s-validate (Node.js with the pinned kubernetes-models schemas, installed with <c>npm ci</c> on first use),
/// and the validator really refuses a broken manifest.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class KubernetesSchemaTests
{
    private static readonly string Root = NodeValidator.Root;

    [Fact]
    public async Task EveryManifest_MatchesTheKubernetesSchemas()
    {
        var (exit, output) = await ValidateAsync(Path.Combine(Root, "k8s"));

        Assert.True(exit == 0, "k8s-validate found problems:\n" + output);
        Assert.Matches(@"k8s-validate: [1-9][0-9]* documents in [1-9][0-9]* files match", output);
    }

    [Fact]
    public async Task BrokenManifest_Refused_NamingFileKindAndField()
    {
        var broken = System.IO.Directory.CreateTempSubdirectory("live-k8s-broken-");
        try
        {
            // A quoted port is a string where the schema wants an integer; kubectl would refuse it too.
            var silo = await File.ReadAllTextAsync(Path.Combine(Root, "k8s", "base", "silo.yaml"));
            Assert.Contains("containerPort: 5090,", silo);
            await File.WriteAllTextAsync(Path.Combine(broken.FullName, "silo.yaml"), silo.Replace("containerPort: 5090,", "containerPort: \"5090\","));
            // A resource without its required field, in a second document.
            await File.WriteAllTextAsync(Path.Combine(broken.FullName, "service.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine }\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: pdb }\nspec: { maxUnavailable: [1] }\n");

            var (exit, output) = await ValidateAsync(broken.FullName);

            Assert.Equal(1, exit);
            Assert.Matches(@"silo\.yaml \(document 1\) Deployment/live-silo: /spec/template/spec/containers/0/ports/0/containerPort must be integer", output);
            Assert.Matches(@"service\.yaml \(document 2\) PodDisruptionBudget/pdb: /spec/maxUnavailable", output);
            Assert.DoesNotContain("ConfigMap/fine", output);
        }
        finally
        {
            broken.Delete(recursive: true);
        }
    }

    private static Task<(int Exit, string Output)> ValidateAsync(string path) => NodeValidator.RunAsync("validate.mjs", path);
}
