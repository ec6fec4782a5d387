using System.Numerics.Tensors;
using EdgeFM.Inference.Models;

namespace EdgeFM.Edge.Evaluation;

/// <summary>Negative log-likelihood of text under the edge model, computed with the project's runtime.</summary>
public static class EdgeModelLoss
{
    /// <summary>
    /// The total negative log-likelihood (nats) of the scored segments of <paramref name="segments"/> and their token
    /// count. The segments' concatenation is tokenized once, as one text (BOS first when the vocabulary asks for it), as
    /// fine-tuning tokenizes a prompt and its completion and as the demonstrations in the prompt are tokenized; a token
    /// is scored when it lies in a scored segment (a token that merges across a segment's start belongs to the
    /// segment, as fine-tuning assigns a merged boundary token to the completion; one that merges across its end does
    /// not). Tokenizing each segment on its own
    /// would put a SentencePiece space-prefix token at every segment start (", with my dog" alone begins with a lone
    /// '▁'), a token that never occurs there in running text, and charge every condition for it.
    /// Throws <see cref="Inference.Generation.ContextLengthExceededException"/> when the text does not fit.
    /// </summary>
    public static (double Nats, int Tokens) Measure(LlamaModel model, IReadOnlyList<(string Text, bool Scored)> segments)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(segments);
        var tokenizer = model.Tokenizer ?? throw new ArgumentException($"{model.FilePath}: the model needs a tokenizer.", nameof(model));
        var bos = tokenizer.AddBosByDefault && tokenizer.BosTokenId >= 0;
        var text = string.Concat(segments.Select(s => s.Text));
        var joint = tokenizer.Encode(text, addBos: bos);
        var tokens = joint.ToList();
        var scored = new List<bool>(new bool[joint.Length]);
        var at = 0;
        foreach (var (segment, isScored) in segments)
        {
            if (isScored && segment.Length > 0)
            {
                // Tokens the text up to the segment's start shares with the whole are before it; those the text up to its
                // end shares (but for its last token, which may merge onward) are in it.
                var from = CommonPrefix(tokenizer.Encode(text[..at], addBos: bos), joint);
                var to = at + segment.Length == text.Length ? joint.Length : CommonPrefix(tokenizer.Encode(text[..(at + segment.Length)], addBos: bos), joint);
                for (var i = Math.Max(from, bos ? 1 : 0); i < to; i++)
                {
                    scored[i] = true;
                }
            }

            at += segment.Length;
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

    private static int CommonPrefix(int[] a, int[] b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
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
