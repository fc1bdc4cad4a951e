namespace Live.Grains;

/// <summary>The name of the grain storage provider every Live grain writes to (memory on the embedded default, PostgreSQL in production).</summary>
public static class GrainStorage
{
    public const string Name = "live";
}
