namespace EdgeFM.Benchmarks;

/// <summary>Finds the shared models beside the repository (or at <c>EDGEFM_SHARED</c>), as the tests do.</summary>
internal static class SharedFolder
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Model(string relativePath) => Path.Combine(RootLazy.Value, "models", relativePath);

    public static string Reference(string relativePath) => Path.Combine(RootLazy.Value, "reference", relativePath);

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EDGEFM_SHARED");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeFM.slnx")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared"));
            }
        }

        throw new DirectoryNotFoundException($"EdgeFM.slnx was not found above '{AppContext.BaseDirectory}'; set EDGEFM_SHARED to the shared folder.");
    }
}
