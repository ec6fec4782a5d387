namespace EdgeFM.Edge;

/// <summary>Reads the edge's data files, turning I/O failures into one <see cref="EdgeDataException"/> naming the file.</summary>
internal static class EdgeDataFile
{
    /// <summary>The lines of <paramref name="path"/>; <paramref name="what"/> and <paramref name="remedy"/> complete the error message.</summary>
    public static string[] ReadLines(string path, string what, string remedy) => Read(path, what, remedy, File.ReadAllLines);

    /// <summary>The text of <paramref name="path"/>; <paramref name="what"/> and <paramref name="remedy"/> complete the error message.</summary>
    public static string ReadText(string path, string what, string remedy) => Read(path, what, remedy, File.ReadAllText);

    private static T Read<T>(string path, string what, string remedy, Func<string, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EdgeDataException(path, 0, $"cannot read the {what} ({ex.Message}); {remedy}", ex);
        }
    }
}
