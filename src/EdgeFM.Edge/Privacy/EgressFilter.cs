using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeFM.Edge.Privacy;

/// <summary>
/// The privacy boundary: every text that leaves the edge (to the cloud or another edge) passes <see cref="Filter"/>, and
/// nothing else may send request data out. It replaces with <see cref="Redaction"/>:
/// <list type="bullet">
/// <item>coordinates in any common notation: numbers with a degree sign or written as degrees-minutes-seconds;
/// <c>lat</c>/<c>lon</c>/<c>lng</c>/<c>latitude</c>/<c>longitude</c> followed by a number; pairs of decimal numbers
/// that fit a latitude and a longitude; any decimal number of three or more decimals (four with a decimal comma) up to
/// 180; and any decimal number within <see cref="PointTolerance"/> degrees of the request's own latitude or longitude;</item>
/// <item>the user ids in play, as whole words, case-insensitively;</item>
/// <item>any run of <see cref="DemonstrationRun"/> words (fewer for shorter texts, never fewer than
/// <see cref="MinimumRun"/>) taken from another user's demonstration, unless the request's own texts contain it too;
/// of such a run, the words inside a verbatim occurrence of one of the request's own texts (a forced fact, the user's
/// prompt) stay, and only the others are cut.</item>
/// </list>
/// Stateless and thread-safe. Over-redaction is the intended failure mode: a price such as 12.345 is removed too.
/// </summary>
public sealed partial class EgressFilter
{
    /// <summary>What replaces a removed span.</summary>
    public const string Redaction = "[removed]";

    /// <summary>Degrees within which a decimal number counts as the request's own latitude or longitude.</summary>
    public const double PointTolerance = 0.1;

    /// <summary>Words in a run that identifies a demonstration.</summary>
    public const int DemonstrationRun = 6;

    /// <summary>Texts shorter than this many words cannot identify a demonstration (they are ordinary phrases).</summary>
    public const int MinimumRun = 4;

    /// <summary>The filter.</summary>
    public static EgressFilter Instance { get; } = new();

    /// <summary>Filters <paramref name="text"/> for leaving the edge under <paramref name="context"/>.</summary>
    public EgressResult Filter(string text, EgressContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var coordinates = 0;
        foreach (var pattern in new[] { DegreesPattern(), DmsPattern(), KeyedPattern(), PairPattern(), PrecisePattern() })
        {
            text = pattern.Replace(text, m =>
            {
                if (pattern == PairPattern() && !IsPair(m))
                {
                    return m.Value;
                }

                if (pattern == PrecisePattern() && Math.Abs(Parse(m.Value)) > 180)
                {
                    return m.Value;
                }

                coordinates++;
                return Redaction;
            });
        }

        if (context.Location is { } point)
        {
            text = NumberPattern().Replace(text, m =>
            {
                var value = Math.Abs(Parse(m.Value));
                if (Math.Abs(value - Math.Abs(point.Latitude)) <= PointTolerance || Math.Abs(value - Math.Abs(point.Longitude)) <= PointTolerance)
                {
                    coordinates++;
                    return Redaction;
                }

                return m.Value;
            });
        }

        var users = 0;
        foreach (var user in context.UserIds.Select(u => u.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(v => v.Length))
        {
            var pattern = new Regex(@"(?<![\w-])" + Regex.Escape(user) + @"(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            text = pattern.Replace(text, _ =>
            {
                users++;
                return Redaction;
            });
        }

        var (filtered, runs) = RemoveForeignRuns(text, context);
        return new EgressResult(filtered, coordinates, users, runs);
    }

    private static (string Text, int Runs) RemoveForeignRuns(string text, EgressContext context)
    {
        if (context.ForeignDemonstrations.Count == 0)
        {
            return (text, 0);
        }

        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ownText in context.OwnTexts)
        {
            var ownWords = Words(ownText).Select(w => w.Word).ToArray();
            for (var n = MinimumRun; n <= DemonstrationRun; n++)
            {
                AddGrams(ownWords, n, own);
            }
        }

        var foreign = new Dictionary<int, HashSet<string>>();
        foreach (var demonstration in context.ForeignDemonstrations)
        {
            foreach (var part in new[] { demonstration.Prompt, demonstration.Response })
            {
                var words = Words(part).Select(w => w.Word).ToArray();
                if (words.Length < MinimumRun)
                {
                    continue;
                }

                var n = Math.Min(DemonstrationRun, words.Length);
                var set = foreign.TryGetValue(n, out var existing) ? existing : foreign[n] = new HashSet<string>(StringComparer.Ordinal);
                AddGrams(words, n, set);
                set.ExceptWith(own);
            }
        }

        var outgoing = Words(text).ToArray();
        var covered = new bool[outgoing.Length];
        foreach (var (n, grams) in foreign)
        {
            for (var i = 0; i + n <= outgoing.Length; i++)
            {
                if (grams.Contains(Gram(outgoing.AsSpan(i, n))))
                {
                    covered.AsSpan(i, n).Fill(true);
                }
            }
        }

        // A run is detected over every word, but only the words the request does not own are cut: a forced fact or the
        // user's own prompt, where it stands verbatim in the outgoing text, is the request's own and stays even when a
        // copied run of another user's words runs into it (the copied words around it still go).
        var cut = covered;
        if (covered.Contains(true))
        {
            var kept = OwnWords(text, outgoing, context.OwnTexts);
            cut = [.. covered.Select((c, i) => c && !kept[i])];
        }

        var builder = new StringBuilder();
        var at = 0;
        var runs = 0;
        for (var i = 0; i < outgoing.Length; i++)
        {
            if (!cut[i])
            {
                continue;
            }

            var end = i;
            while (end + 1 < outgoing.Length && cut[end + 1])
            {
                end++;
            }

            builder.Append(text, at, outgoing[i].Start - at).Append(Redaction);
            at = outgoing[end].Start + outgoing[end].Length;
            runs++;
            i = end;
        }

        return runs == 0 ? (text, 0) : (builder.Append(text, at, text.Length - at).ToString(), runs);
    }

    /// <summary>Which of <paramref name="words"/> of <paramref name="text"/> lie wholly inside a verbatim occurrence of one of <paramref name="ownTexts"/>.</summary>
    private static bool[] OwnWords(string text, (string Word, int Start, int Length)[] words, IReadOnlyCollection<string> ownTexts)
    {
        var kept = new bool[words.Length];
        foreach (var own in ownTexts.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            for (var at = text.IndexOf(own, StringComparison.Ordinal); at >= 0; at = text.IndexOf(own, at + 1, StringComparison.Ordinal))
            {
                for (var w = 0; w < words.Length; w++)
                {
                    kept[w] |= words[w].Start >= at && words[w].Start + words[w].Length <= at + own.Length;
                }
            }
        }

        return kept;
    }

    private static void AddGrams(string[] words, int n, HashSet<string> set)
    {
        for (var i = 0; i + n <= words.Length; i++)
        {
            set.Add(string.Join(' ', words, i, n));
        }
    }

    private static string Gram(ReadOnlySpan<(string Word, int Start, int Length)> words)
    {
        var builder = new StringBuilder();
        foreach (var (word, _, _) in words)
        {
            builder.Append(builder.Length == 0 ? "" : " ").Append(word);
        }

        return builder.ToString();
    }

    private static IEnumerable<(string Word, int Start, int Length)> Words(string text) =>
        WordPattern().Matches(text).Select(m => (m.Value.ToLowerInvariant(), m.Index, m.Length));

    private static bool IsPair(Match match) =>
        Math.Abs(Parse(match.Groups["a"].Value)) <= 90 && Math.Abs(Parse(match.Groups["b"].Value)) <= 180;

    private static double Parse(string number) =>
        double.TryParse(number.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    // 48°51'24"N, 48° 51.4′, 2.35 deg, 48.8566°
    [GeneratedRegex(@"[-+−]?\d{1,3}(?:[.,]\d+)?\s*(?:°|º|˚|\bdeg(?:rees?)?\b)(?:\s*\d{1,2}(?:[.,]\d+)?\s*(?:'|′|’))?(?:\s*\d{1,2}(?:[.,]\d+)?\s*(?:""|″|”|''))?(?:\s*[NSEWnsew]\b)?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DegreesPattern();

    // 48 51 24 N (degrees, minutes, seconds and a hemisphere, without symbols)
    [GeneratedRegex(@"\b\d{1,3}\s+\d{1,2}\s+\d{1,2}(?:[.,]\d+)?\s*[NSEWnsew]\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DmsPattern();

    // lat=48.85, longitude: 2.35, lng 2
    [GeneratedRegex(@"\b(?:lat|latitude|lon|long|lng|longitude)\b\s*[:=]?\s*[-+−]?\d+(?:[.,]\d+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex KeyedPattern();

    // 48.85, 2.35 / 48.85 2.35 / -33.9;151.2 / 48.9N 2.4E
    [GeneratedRegex(@"(?<![\w.])(?<a>[-+]?\d{1,3}\.\d+)\s*[NSns]?\s*[,;/ ]\s*(?<b>[-+]?\d{1,3}\.\d+)\s*[EWew]?(?![\w.])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PairPattern();

    // 48.857 or 48,8566 (precise enough to be a coordinate)
    [GeneratedRegex(@"(?<![\w.,])[-+]?\d{1,3}(?:\.\d{3,}|,\d{4,})(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PrecisePattern();

    // Any decimal number (checked against the request's point).
    [GeneratedRegex(@"(?<![\w.])[-+]?\d+(?:[.,]\d+)(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WordPattern();
}
