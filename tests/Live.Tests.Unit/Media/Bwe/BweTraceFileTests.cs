using Live.Tests.Unit.Media.Bwe.Simulation;

namespace Live.Tests.Unit.Media.Bwe;

/// <summary>The committed traces are exactly what the generator produces (so the replay tests and the generator cannot drift apart).</summary>
public sealed class BweTraceFileTests
{
    public static TheoryData<string> Names() => [.. BweTraceScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void CommittedTrace_Regenerated_IsIdentical(string name)
    {
        BweTraceScenarios.Scenario scenario = BweTraceScenarios.All.Single(s => s.Name == name);
        string generated = BweTrace.Write(scenario.Description, scenario.Generate());
        if (Environment.GetEnvironmentVariable("BWE_WRITE_TRACES") == "1")
        {
            File.WriteAllText(Path.Combine(SourceTraceFolder(), BweTraceScenarios.FileName(scenario)), generated);
        }

        string committed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "bwe", BweTraceScenarios.FileName(scenario)));
        Assert.Equal(generated, committed);
    }

    private static string SourceTraceFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Live.Tests.Unit", "TestData", "bwe");
            if (File.Exists(Path.Combine(dir.FullName, "Live.sln")))
            {
                Directory.CreateDirectory(candidate);
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Live.sln not found above the test output folder.");
    }
}
