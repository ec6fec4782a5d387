using System.Numerics.Tensors;

namespace EdgeFM.Inference.Training;

public sealed partial class LoraTrainingModel
{
    /// <summary>Token rows per work item of the row-parallel LoRA loops.</summary>
    private const int RowsPerJob = 32;

    /// <summary>u = x·Aᵀ (kept in <paramref name="inner"/>), y += Scale · u·Bᵀ.</summary>
    private void LoraForward(LoraMatrixSlot slot, float[] x, float[] y, float[] inner)
    {
        var rank = Adapter.Rank;
        var scale = Adapter.Scale;
        var a = Adapter.Parameters.AsMemory((int)slot.AOffset, rank * slot.Inputs);
        var bt = Lora.LoraFactors.Transpose(Adapter.B(slot), slot.Outputs, rank);
        RowJobs(i =>
        {
            var input = x.AsSpan(i * slot.Inputs, slot.Inputs);
            var output = y.AsSpan(i * slot.Outputs, slot.Outputs);
            for (var k = 0; k < rank; k++)
            {
                var u = TensorPrimitives.Dot(input, a.Span.Slice(k * slot.Inputs, slot.Inputs));
                inner[(i * rank) + k] = u;
                TensorPrimitives.MultiplyAdd(bt.AsSpan(k * slot.Outputs, slot.Outputs), scale * u, output, output);
            }
        });
    }

    /// <summary>
    /// From dy = dL/dy: dB += Scale · dyᵀ·u, du = Scale · dy·B, dA += duᵀ·x, and (when <paramref name="dx"/> is not null)
    /// dx += du·A.
    /// </summary>
    private void LoraBackward(LoraMatrixSlot slot, float[] x, float[] inner, float[] dy, float[]? dx, float[] gradients)
    {
        var rank = Adapter.Rank;
        var scale = Adapter.Scale;
        var n = _rows;
        var a = Adapter.Parameters.AsMemory((int)slot.AOffset, rank * slot.Inputs);
        var bt = Lora.LoraFactors.Transpose(Adapter.B(slot), slot.Outputs, rank);
        var du = Scratch.InnerGradient;
        RowJobs(i =>
        {
            var gradient = dy.AsSpan(i * slot.Outputs, slot.Outputs);
            for (var k = 0; k < rank; k++)
            {
                du[(i * rank) + k] = scale * TensorPrimitives.Dot(gradient, bt.AsSpan(k * slot.Outputs, slot.Outputs));
            }
        });

        // One work item per rank index k: row k of dA and column k of dB, summed over the rows in order.
        var btGradient = new float[rank * slot.Outputs];
        _pool.For(rank, k =>
        {
            var gradientA = gradients.AsSpan((int)slot.AOffset + (k * slot.Inputs), slot.Inputs);
            var gradientBt = btGradient.AsSpan(k * slot.Outputs, slot.Outputs);
            for (var i = 0; i < n; i++)
            {
                TensorPrimitives.MultiplyAdd(x.AsSpan(i * slot.Inputs, slot.Inputs), du[(i * rank) + k], gradientA, gradientA);
                TensorPrimitives.MultiplyAdd(dy.AsSpan(i * slot.Outputs, slot.Outputs), scale * inner[(i * rank) + k], gradientBt, gradientBt);
            }
        });

        var gradientB = gradients.AsSpan((int)slot.BOffset, slot.Outputs * rank);
        for (var o = 0; o < slot.Outputs; o++)
        {
            for (var k = 0; k < rank; k++)
            {
                gradientB[(o * rank) + k] += btGradient[(k * slot.Outputs) + o];
            }
        }

        if (dx is null)
        {
            return;
        }

        RowJobs(i =>
        {
            var target = dx.AsSpan(i * slot.Inputs, slot.Inputs);
            for (var k = 0; k < rank; k++)
            {
                TensorPrimitives.MultiplyAdd(a.Span.Slice(k * slot.Inputs, slot.Inputs), du[(i * rank) + k], target, target);
            }
        });
    }

    /// <summary>Runs <paramref name="body"/>(row) for every row of the batch, <see cref="RowsPerJob"/> rows per work item.</summary>
    private void RowJobs(Action<int> body)
    {
        var n = _rows;
        _pool.For((n + RowsPerJob - 1) / RowsPerJob, job =>
        {
            for (var i = job * RowsPerJob; i < Math.Min(n, (job + 1) * RowsPerJob); i++)
            {
                body(i);
            }
        });
    }
}
