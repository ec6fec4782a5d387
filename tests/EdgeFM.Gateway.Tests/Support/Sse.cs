using System.Text.Json;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>Parses a server-sent-events body into its <c>data:</c> payloads.</summary>
public static class Sse
{
    /// <summary>The JSON payloads of every event before <c>[DONE]</c>, and whether <c>[DONE]</c> ended the stream.</summary>
    public static (List<JsonElement> Events, bool Done) Parse(string body)
    {
        var events = new List<JsonElement>();
        var done = false;
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.False(done, "an event followed data: [DONE]");
            var line = block.Trim('\n');
            Assert.StartsWith("data: ", line);
            var data = line["data: ".Length..];
            if (string.Equals(data, "[DONE]", StringComparison.Ordinal))
            {
                done = true;
                continue;
            }

            events.Add(JsonDocument.Parse(data).RootElement.Clone());
        }

        return (events, done);
    }
}
