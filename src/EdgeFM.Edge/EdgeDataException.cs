namespace EdgeFM.Edge;

/// <summary>
/// A data file of the edge (gazetteer, site facts, evaluation set) is unreadable or malformed. The message names the
/// file, the line (1-based, when known), what is wrong and how to fix it, so it can be shown to an operator as is.
/// </summary>
public sealed class EdgeDataException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> at <paramref name="line"/> (0 when unknown).</summary>
    public EdgeDataException(string filePath, int line, string problem, Exception? innerException = null)
        : base(line > 0 ? $"{filePath}:{line}: {problem}" : $"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Line = line;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line at fault, or 0 when the problem concerns the whole file.</summary>
    public int Line { get; }
}
