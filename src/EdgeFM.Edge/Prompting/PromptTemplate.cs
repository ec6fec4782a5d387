using System.Text;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Prompting;

/// <summary>
/// The NetGPT prompt-completion template (docs/netgpt.md shows it in full). The edge model sees few-shot
/// demonstrations, then the request:
/// <code>
/// Request: {demonstration prompt}
/// Completed: {demonstration response}
///
/// Request: {concise prompt}
/// Completed: {concise prompt} I am near {Place}{~}. The local time is {LocalTime}{~}. I am at {Site}{~}. ...
/// </code>
/// Everything but <c>{~}</c> is fixed: the concise prompt, the lead-ins and the facts are fed to the model as forced
/// tokens, and the model writes only the connectors <c>{~}</c>, so the completed prompt always carries every fact,
/// verbatim, in order. The completed prompt is the text after <c>Completed: </c>, up to the last full stop.
/// </summary>
public static class PromptTemplate
{
    /// <summary>Begins a request line.</summary>
    public const string RequestLabel = "Request: ";

    /// <summary>Begins the completion line.</summary>
    public const string CompletedLabel = "Completed: ";

    /// <summary>Ends each fact sentence (after its connector).</summary>
    public const string SentenceEnd = ".";

    /// <summary>
    /// The fixed text before a fact of <paramref name="kind"/>, or null for kinds the completed prompt leaves out
    /// (<see cref="LocationFactKind.Country"/>: the place fact already names the country).
    /// </summary>
    public static string? LeadIn(LocationFactKind kind) => kind switch
    {
        LocationFactKind.Place => " I am near ",
        LocationFactKind.LocalTime => " The local time is ",
        LocationFactKind.Site => " I am at ",
        LocationFactKind.Venue => " A venue here is ",
        LocationFactKind.Service => " A service here is ",
        LocationFactKind.Event => " An event here is ",
        _ => null,
    };

    /// <summary>The facts of <paramref name="location"/> the completed prompt carries, in order.</summary>
    public static IReadOnlyList<LocationFact> CarriedFacts(LocationContext location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return [.. location.Facts.Where(f => LeadIn(f.Kind) is not null)];
    }

    /// <summary>A demonstration as the edge model sees it (a request, its completion, a blank line).</summary>
    public static string FormatDemonstration(StoredDemonstration demonstration)
    {
        ArgumentNullException.ThrowIfNull(demonstration);
        return FormatDemonstration(demonstration.Prompt, demonstration.Response);
    }

    /// <summary>A prompt/response pair as the edge model sees it.</summary>
    public static string FormatDemonstration(string prompt, string response) =>
        $"{RequestLabel}{OneLine(prompt)}\n{CompletedLabel}{OneLine(response)}\n\n";

    /// <summary>The start of the request block, up to and including the concise prompt after <see cref="CompletedLabel"/>.</summary>
    public static string FormatRequest(string concisePrompt) =>
        $"{RequestLabel}{OneLine(concisePrompt)}\n{CompletedLabel}{OneLine(concisePrompt)}";

    /// <summary>The whole edge-model prompt for <paramref name="concisePrompt"/> after <paramref name="demonstrations"/>.</summary>
    public static string FormatEdgePrompt(string concisePrompt, IEnumerable<StoredDemonstration> demonstrations)
    {
        ArgumentNullException.ThrowIfNull(demonstrations);
        var builder = new StringBuilder();
        foreach (var demonstration in demonstrations)
        {
            builder.Append(FormatDemonstration(demonstration));
        }

        return builder.Append(FormatRequest(concisePrompt)).ToString();
    }

    /// <summary>
    /// A completed prompt with the given connectors (one per carried fact; empty for none), exactly as the completer
    /// assembles it: the concise prompt, then each fact's lead-in, fact, connector and full stop.
    /// </summary>
    public static string Assemble(string concisePrompt, IReadOnlyList<LocationFact> carriedFacts, IReadOnlyList<string> connectors)
    {
        ArgumentNullException.ThrowIfNull(carriedFacts);
        ArgumentNullException.ThrowIfNull(connectors);
        var builder = new StringBuilder(OneLine(concisePrompt));
        for (var i = 0; i < carriedFacts.Count; i++)
        {
            builder.Append(LeadIn(carriedFacts[i].Kind)).Append(carriedFacts[i].Text).Append(i < connectors.Count ? connectors[i] : "").Append(SentenceEnd);
        }

        return builder.ToString();
    }

    /// <summary>Folds line breaks into spaces: each template field is one line, so a prompt cannot forge a label line.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings(" ").Trim();
    }
}
