using EdgeFM.Inference.Models;

namespace EdgeFM.Edge.Evaluation;

/// <summary>Negative log-likelihood of a continuation under the edge model, computed with the project's runtime.</summary>
public static class EdgeModelLoss
{
    /// <summary>
    /// The total negative log-likelihood (nats) of <paramref name="continuation"/> after <paramref name="context"/>, and
    /// its token count. The text is tokenized whole (BOS first when the vocabulary asks for it); the continuation's
    /// tokens are those after the longest common prefix with the context's own tokens, so a token spanning the seam
    /// counts as continuation. Throws <see cref="Inference.Generation.ContextLengthExceededException"/> when it does not fit.
    /// </summary>
    public static (double Nats, int Tokens) Measure(LlamaModel model, string context, string continuation)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tokenizer = model.Tokenizer ?? throw new ArgumentException($"{model.FilePath}: the model needs a tokenizer.", nameof(model));
        var addBos = tokenizer.AddBosByDefault;
        var whole = tokenizer.Encode(context + continuation, addBos);
        var prefix = tokenizer.Encode(context, addBos);
        var shared = 0;
        while (shared < prefix.Length && shared < whole.Length - 1 && prefix[shared] == whole[shared])
        {
            shared++;
        }

        shared = Math.Max(1, shared);
        var session = model.CreateSession(whole.Length);
        var logits = session.Prefill(whole.AsSpan(0, shared));
        double nats = 0;
        for (var i = shared; i < whole.Length; i++)
        {
            nats += LogSumExp(logits) - logits[whole[i]];
            if (i + 1 < whole.Length)
            {
                logits = session.Decode(whole[i]);
            }
        }

        return (nats, whole.Length - shared);
    }

    private static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = System.Numerics.Tensors.TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (var l in logits)
        {
            sum += Math.Exp(l - max);
        }

        return max + Math.Log(sum);
    }
}
