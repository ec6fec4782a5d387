using EdgeFM.Inference.Generation;

namespace EdgeFM.Benchmarks.Inference;

/// <summary>The prefill and decode work the session benchmarks time.</summary>
internal static class SessionRuns
{
    /// <summary>Prefills <paramref name="prompt"/> as one batch from position 0.</summary>
    public static float Prefill(InferenceSession session, int[] prompt)
    {
        session.Reset();
        return session.Prefill(prompt)[0];
    }

    /// <summary>Decodes the prompt's tokens one at a time after a 1-token prompt.</summary>
    public static float Decode(InferenceSession session, int[] prompt)
    {
        session.Reset();
        var logits = session.Prefill(prompt.AsSpan(0, 1));
        foreach (var token in prompt)
        {
            logits = session.Decode(token);
        }

        return logits[0];
    }
}
