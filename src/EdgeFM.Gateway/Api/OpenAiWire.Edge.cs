using System.Text.Json;
using EdgeFM.Edge.Demonstrations;

namespace EdgeFM.Gateway.Api;

internal static partial class OpenAiWire
{
    /// <summary>
    /// Writes what the edge did before the answer into the <c>edgefm</c> object. NetGPT: <c>edge_model</c> (the model
    /// or LoRA adapter <c>base:adapter</c> that completed the prompt), <c>completed_prompt</c> (the egress-filtered text
    /// the answer stage received), <c>facts</c> (kind and text, in prompt order),
    /// <c>demonstrations</c> the edge model saw (id and AoC score parts), <c>context_value</c> and <c>removed</c> (what the
    /// egress filter took out, by kind). A plain edge request: the <c>demonstrations</c> put into its prompt. Neither
    /// the demonstrations' texts nor their users are written.
    /// </summary>
    private static void WriteEdgeNotes(Utf8JsonWriter writer, EdgeNotes notes)
    {
        if (notes.NetGpt is { } netGpt)
        {
            if (notes.EdgeModel is { } edgeModel)
            {
                writer.WriteString("edge_model", edgeModel);
            }

            writer.WriteString("completed_prompt", netGpt.Outgoing);
            writer.WriteStartArray("facts");
            foreach (var fact in netGpt.Completion.Facts)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", fact.Kind.ToString().ToLowerInvariant());
                writer.WriteString("text", fact.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            var seen = netGpt.Completion.Demonstrations.Select(d => d.Id).ToHashSet();
            WriteDemonstrations(writer, netGpt.Selection.Chosen.Where(s => seen.Contains(s.Demonstration.Id)));
            writer.WriteNumber("context_value", netGpt.Selection.ContextValue);
            writer.WriteStartObject("removed");
            writer.WriteNumber("coordinates", netGpt.Egress.CoordinatesRemoved);
            writer.WriteNumber("user_ids", netGpt.Egress.UserIdsRemoved);
            writer.WriteNumber("demonstration_spans", netGpt.Egress.DemonstrationSpansRemoved);
            writer.WriteEndObject();
        }
        else if (notes.Demonstrations is { } demonstrations)
        {
            WriteDemonstrations(writer, demonstrations);
        }
    }

    private static void WriteDemonstrations(Utf8JsonWriter writer, IEnumerable<ScoredDemonstration> demonstrations)
    {
        writer.WriteStartArray("demonstrations");
        foreach (var scored in demonstrations)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", scored.Demonstration.Id);
            writer.WriteNumber("score", scored.Score);
            writer.WriteNumber("freshness", scored.Freshness);
            writer.WriteNumber("relevance", scored.Relevance);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
