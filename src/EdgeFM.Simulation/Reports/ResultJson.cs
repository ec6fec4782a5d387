using System.Text.Json;
using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Simulation.Reports;

/// <summary>
/// Writes an experiment as JSON: <c>{"policies":[{"name":..,"systemCost":..,...,"requests":..,"edgeRequests":..,
/// "runs":N,"ci95":{same keys}}]}</c>, camelCase, means over runs, the edge execution ratio as a fraction; "ci95"
/// (95% confidence half-widths) only with more than one run.
/// </summary>
public static class ResultJson
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="stream"/>.</summary>
    public static void Write(ExperimentResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("policies");
        foreach (var policy in result.Policies)
        {
            json.WriteStartObject();
            json.WriteString("name", policy.Name);
            foreach (var metric in Metrics.All)
            {
                json.WriteNumber(Metrics.Key(metric), policy.Mean(metric));
            }

            json.WriteNumber("runs", policy.Runs.Count);
            if (policy.Runs.Count > 1)
            {
                json.WriteStartObject("ci95");
                foreach (var metric in Metrics.All)
                {
                    json.WriteNumber(Metrics.Key(metric), policy.HalfWidth95(metric));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The JSON text of <paramref name="result"/>.</summary>
    public static string ToText(ExperimentResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
