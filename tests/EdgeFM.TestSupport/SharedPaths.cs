namespace EdgeFM.TestSupport;

/// <summary>
/// Locates the <c>shared/</c> folder (real models and reference outputs) that sits beside the repository
/// checkout. The <c>EDGEFM_SHARED</c> environment variable overrides the search.
/// </summary>
public static class SharedPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>Absolute path of the shared folder.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>Absolute path of <c>shared/models</c>.</summary>
    public static string Models => Path.Combine(Root, "models");

    /// <summary>Absolute path of <c>shared/reference</c>.</summary>
    public static string Reference => Path.Combine(Root, "reference");

    /// <summary>Absolute path of a file below <c>shared/models</c>.</summary>
    public static string Model(string relativePath) => Path.Combine(Models, relativePath);

    /// <summary>Absolute path of the repository root (the folder holding EdgeFM.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EDGEFM_SHARED");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (!Directory.Exists(fromEnvironment))
            {
                throw new DirectoryNotFoundException($"EDGEFM_SHARED points to '{fromEnvironment}', which does not exist.");
            }

            return Path.GetFullPath(fromEnvironment);
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        if (Directory.Exists(candidate))
        {
            return candidate;
        }

        throw new DirectoryNotFoundException(
            $"The shared folder was not found at '{candidate}'. Place it beside the repository checkout or set EDGEFM_SHARED.");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeFM.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"EdgeFM.slnx was not found above '{AppContext.BaseDirectory}'.");
    }
}
