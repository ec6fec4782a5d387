namespace EdgeFM.Simulation.Scenarios;

/// <summary>
/// A scenario or trace file is invalid. The message names the file, the line (and column) and the field, says what
/// is wrong and what is expected: <c>file:line:column: field 'path': problem</c>.
/// </summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file at fault.</param>
    /// <param name="line">1-based line, or 0 when unknown.</param>
    /// <param name="column">1-based column, or 0 when unknown.</param>
    /// <param name="field">The field's path (e.g. <c>servers[1].memoryGB</c>), or null for the whole file.</param>
    /// <param name="problem">What is wrong and what is expected.</param>
    /// <param name="inner">The parser's exception, if any.</param>
    public ScenarioException(string file, int line, int column, string? field, string problem, Exception? inner = null)
        : base(Format(file, line, column, field, problem), inner)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The field's path, or null.</summary>
    public string? Field { get; }

    /// <summary>What is wrong and what is expected.</summary>
    public string Problem { get; }

    private static string Format(string file, int line, int column, string? field, string problem)
    {
        var where = line > 0 ? $"{file}:{line}:{column}" : file;
        return field is null ? $"{where}: {problem}" : $"{where}: field '{field}': {problem}";
    }
}
