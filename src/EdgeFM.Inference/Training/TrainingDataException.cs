namespace EdgeFM.Inference.Training;

/// <summary>
/// A fine-tuning input file (training data or a checkpoint) is missing, malformed or does not belong to the run; the
/// message names the file and, for data, the line.
/// </summary>
public sealed class TrainingDataException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>, <paramref name="line"/> (0: the file as a whole).</summary>
    public TrainingDataException(string filePath, int line, string problem)
        : base(line > 0 ? $"{filePath}:{line}: {problem}" : $"{filePath}: {problem}")
    {
        FilePath = filePath;
        Line = line;
    }

    /// <summary>Creates the exception with a cause.</summary>
    public TrainingDataException(string filePath, int line, string problem, Exception innerException)
        : base(line > 0 ? $"{filePath}:{line}: {problem}" : $"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Line = line;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDataException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrainingDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public TrainingDataException()
    {
        FilePath = string.Empty;
    }

    /// <summary>The data file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number, or 0 for the file as a whole.</summary>
    public int Line { get; }
}
