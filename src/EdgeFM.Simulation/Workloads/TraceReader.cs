using System.Globalization;
using EdgeFM.Core.Models;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Workloads;

/// <summary>
/// Reads a request trace: CSV with the header <c>time,user,model,inputTokens,outputTokens,topic</c>; time in seconds
/// (non-decreasing, ≥ 0), user any non-empty id, model a catalog id, tokens non-negative integers, topic in [0, 1).
/// Errors throw <see cref="ScenarioException"/> naming the file, line and column.
/// </summary>
public static class TraceReader
{
    /// <summary>The expected header columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["time", "user", "model", "inputTokens", "outputTokens", "topic"];

    /// <summary>Reads the trace at <paramref name="path"/> against <paramref name="catalog"/>.</summary>
    public static Trace Read(string path, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!File.Exists(path))
        {
            throw new ScenarioException(path, 0, 0, null, "the trace file does not exist; check workload.trace in the scenario.");
        }

        using var reader = new StreamReader(path);
        return Read(reader, path, catalog);
    }

    /// <summary>Reads a trace from <paramref name="reader"/>; <paramref name="name"/> names it in errors.</summary>
    public static Trace Read(TextReader reader, string name, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(catalog);
        var header = reader.ReadLine();
        var expected = string.Join(',', Columns);
        if (header is null || !string.Equals(header.Replace(" ", string.Empty, StringComparison.Ordinal), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ScenarioException(name, 1, 1, null, $"the trace's header must be '{expected}' but is '{header}'.");
        }

        var times = new List<double>();
        var users = new List<int>();
        var models = new List<int>();
        var inputs = new List<int>();
        var outputs = new List<int>();
        var topics = new List<double>();
        var userIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != Columns.Count)
            {
                throw new ScenarioException(name, lineNumber, 1, null, $"expected {Columns.Count} comma-separated values ({expected}) but found {fields.Length}.");
            }

            var time = Number(fields, 0, name, lineNumber, line);
            if (time < 0 || (times.Count > 0 && time < times[^1]))
            {
                throw Error(name, lineNumber, line, 0, $"must be ≥ 0 and not earlier than the previous request ({(times.Count > 0 ? times[^1] : 0).ToString(CultureInfo.InvariantCulture)}); sort the trace by time.");
            }

            var user = fields[1].Trim();
            if (user.Length == 0)
            {
                throw Error(name, lineNumber, line, 1, "must be a non-empty user id.");
            }

            var ordinal = catalog.OrdinalOf(new ModelId(fields[2].Trim()));
            if (ordinal < 0)
            {
                throw Error(name, lineNumber, line, 2, $"'{fields[2].Trim()}' is not a model of the scenario; known models: {string.Join(", ", catalog.Models.Select(m => m.Id.Value))}.");
            }

            var topic = Number(fields, 5, name, lineNumber, line);
            if (topic is < 0 or >= 1)
            {
                throw Error(name, lineNumber, line, 5, "must be in [0, 1).");
            }

            if (!userIds.TryGetValue(user, out var userIndex))
            {
                userIndex = userIds.Count;
                userIds.Add(user, userIndex);
            }

            times.Add(time);
            users.Add(userIndex);
            models.Add(ordinal);
            inputs.Add(Tokens(fields, 3, name, lineNumber, line));
            outputs.Add(Tokens(fields, 4, name, lineNumber, line));
            topics.Add(topic);
        }

        if (times.Count == 0)
        {
            throw new ScenarioException(name, lineNumber, 1, null, "the trace has a header but no requests.");
        }

        return new Trace([.. times], [.. users], [.. models], [.. inputs], [.. outputs], [.. topics], userIds.Count);
    }

    private static double Number(string[] fields, int index, string name, int lineNumber, string line)
    {
        if (!double.TryParse(fields[index].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(name, lineNumber, line, index, $"'{fields[index].Trim()}' is not a number.");
        }

        return value;
    }

    private static int Tokens(string[] fields, int index, string name, int lineNumber, string line)
    {
        if (!int.TryParse(fields[index].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw Error(name, lineNumber, line, index, $"'{fields[index].Trim()}' is not a non-negative whole number of tokens.");
        }

        return value;
    }

    private static ScenarioException Error(string name, int lineNumber, string line, int fieldIndex, string problem)
    {
        var column = 1;
        for (int i = 0, seen = 0; i < line.Length && seen < fieldIndex; i++)
        {
            if (line[i] == ',')
            {
                seen++;
                column = i + 2;
            }
        }

        return new ScenarioException(name, lineNumber, column, Columns[fieldIndex], problem);
    }
}
