using System.Numerics.Tensors;
using EdgeFM.Inference.Models;

namespace EdgeFM.Edge.Evaluation;

/// <summary>Negative log-likelihood of text under the edge model, computed with the project's runtime.</summary>
public static class EdgeModelLoss
{
    /// <summary>
    /// The total negative log-likelihood (nats) of the scored segments of <paramref name="segments"/> and their token
    /// count. Each segment is tokenized on its own (no BOS; BOS first when the vocabulary asks for it), exactly as
    /// <see cref="Prompting.PromptCompleter"/> feeds forced spans and the model writes connectors, so scoring the
    /// reference connectors after the forced facts measures the text the edge model is asked to write.
    /// Throws <see cref="Inference.Generation.ContextLengthExceededException"/> when the text does not fit.
    /// </summary>
    public static (double Nats, int Tokens) Measure(LlamaModel model, IReadOnlyList<(string Text, bool Scored)> segments)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(segments);
        var tokenizer = model.Tokenizer ?? throw new ArgumentException($"{model.FilePath}: the model needs a tokenizer.", nameof(model));
        var tokens = new List<int>();
        var scored = new List<bool>();
        if (tokenizer.AddBosByDefault && tokenizer.BosTokenId >= 0)
        {
            tokens.Add(tokenizer.BosTokenId);
            scored.Add(false);
        }

        foreach (var (text, isScored) in segments)
        {
            var ids = tokenizer.Encode(text, addBos: false);
            tokens.AddRange(ids);
            scored.AddRange(Enumerable.Repeat(isScored, ids.Length));
        }

        var first = scored.IndexOf(true);
        if (first <= 0)
        {
            return (0, 0);
        }

        var all = tokens.ToArray();
        var session = model.CreateSession(all.Length);
        var logits = session.Prefill(all.AsSpan(0, first));
        double nats = 0;
        var count = 0;
        for (var i = first; i < all.Length;)
        {
            nats += LogSumExp(logits) - logits[all[i]];
            count++;

            // Feed this token and every unscored one after it in one batch: the logits then predict the next scored token.
            var next = scored.IndexOf(true, i + 1);
            if (next < 0)
            {
                break;
            }

            logits = next == i + 1 ? session.Decode(all[i]) : session.Prefill(all.AsSpan(i, next - i));
            i = next;
        }

        return (nats, count);
    }

    private static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (var l in logits)
        {
            sum += Math.Exp(l - max);
        }

        return max + Math.Log(sum);
    }
}
