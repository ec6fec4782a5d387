namespace EdgeFM.Edge.Demonstrations;

/// <summary>
/// Lexical relevance of documents to a query: the cosine of TF-IDF vectors, in [0, 1]. Terms are lower-cased runs of
/// letters and digits of two or more characters, minus a short list of English function words; term frequency is
/// 1 + ln(count); IDF is smoothed, ln((N + 1) / (df + 1)) + 1, over the documents scored together with the query.
/// Computed in the project (no embedding model): cheap, deterministic and explainable.
/// </summary>
public static class LexicalRelevance
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "how", "i", "in", "is", "it", "me",
        "my", "of", "on", "or", "so", "that", "the", "this", "to", "was", "we", "what", "when", "where", "which", "with",
        "you", "your", "any", "there", "here", "some", "get",
    };

    /// <summary>The terms of <paramref name="text"/> as the relevance counts them, in order of appearance.</summary>
    public static IEnumerable<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                if (i - start >= 2)
                {
                    var term = text[start..i].ToLowerInvariant();
                    if (!StopWords.Contains(term))
                    {
                        yield return term;
                    }
                }

                start = -1;
            }
        }
    }

    /// <summary>The relevance in [0, 1] of each of <paramref name="documents"/> to <paramref name="query"/> (0 when either has no terms).</summary>
    public static double[] Score(string query, IReadOnlyList<string> documents)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(documents);
        var queryCounts = Count(query);
        var documentCounts = documents.Select(Count).ToArray();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var counts in documentCounts.Append(queryCounts))
        {
            foreach (var term in counts.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var n = documents.Count + 1;
        var queryVector = Weigh(queryCounts);
        var queryNorm = Norm(queryVector);
        var scores = new double[documents.Count];
        for (var d = 0; d < documents.Count; d++)
        {
            var vector = Weigh(documentCounts[d]);
            var norm = Norm(vector);
            if (norm == 0 || queryNorm == 0)
            {
                continue;
            }

            double dot = 0;
            foreach (var (term, weight) in queryVector)
            {
                if (vector.TryGetValue(term, out var other))
                {
                    dot += weight * other;
                }
            }

            scores[d] = Math.Clamp(dot / (norm * queryNorm), 0, 1);
        }

        return scores;

        Dictionary<string, double> Weigh(Dictionary<string, int> counts) =>
            counts.ToDictionary(
                pair => pair.Key,
                pair => (1 + Math.Log(pair.Value)) * (Math.Log((n + 1.0) / (documentFrequency[pair.Key] + 1)) + 1),
                StringComparer.Ordinal);
    }

    private static Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in Terms(text))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        return counts;
    }

    private static double Norm(Dictionary<string, double> vector) => Math.Sqrt(vector.Values.Sum(w => w * w));
}
