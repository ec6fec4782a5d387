namespace EdgeFM.Inference;

/// <summary>
/// A model or tokenizer file cannot be used: unsupported, truncated, corrupted or mismatched.
/// The message names the file and the problem and is meant to be shown to the user as it is.
/// </summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string filePath, string problem)
        : base($"{filePath}: {problem}")
    {
        FilePath = filePath;
        Problem = problem;
    }

    public ModelFileException(string filePath, string problem, Exception innerException)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file that could not be used.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
