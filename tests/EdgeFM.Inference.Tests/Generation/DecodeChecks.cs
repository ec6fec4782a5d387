using System.Numerics.Tensors;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Tests.Generation;

/// <summary>Checks several model tests share: near-tie margins and allocation over greedy decode steps.</summary>
internal static class DecodeChecks
{
    /// <summary>The largest logit other than <paramref name="best"/>'s.</summary>
    public static float Second(ReadOnlySpan<float> logits, int best)
    {
        var second = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (i != best && logits[i] > second)
            {
                second = logits[i];
            }
        }

        return second;
    }

    /// <summary>Bytes this thread allocates over greedy decode steps 20..149 of a fresh session (after 20 warm-up steps; see <see cref="AllocationProbe"/>).</summary>
    public static long AllocatedOverGreedyDecode(LlamaModel model)
    {
        var session = model.CreateSession(200);
        var token = 1;
        for (var i = 0; i < 20; i++)
        {
            token = TensorPrimitives.IndexOfMax(session.Decode(token));
        }

        var start = token;
        return AllocationProbe.AllocatedBytes(() =>
        {
            session.Rewind(20);
            token = start;
            for (var i = 20; i < 150; i++)
            {
                token = TensorPrimitives.IndexOfMax(session.Decode(token));
            }
        });
    }
}
