using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Training;

namespace EdgeFM.Inference.Tests.Training;

/// <summary>
/// An independent float64 llama forward pass with an unmerged LoRA adapter, written as plain loops from the
/// definitions (not from the training code): the reference the training gradients are checked against by central
/// finite differences.
/// </summary>
internal sealed class ReferenceLoraLlama
{
    private readonly LlamaConfig _c;
    private readonly Dictionary<string, double[]> _tensors = new(StringComparer.Ordinal);

    public ReferenceLoraLlama(string ggufPath, LlamaConfig config)
    {
        _c = config;
        using var file = GgufFile.Open(ggufPath);
        foreach (var tensor in file.Tensors)
        {
            var floats = new float[tensor.ElementCount];
            Dequantize.Row(tensor.Type, file.GetTensorData(tensor), floats);
            _tensors[tensor.Name] = Array.ConvertAll(floats, f => (double)f);
        }
    }

    /// <summary>Mean cross-entropy over the batch's predicted tokens with the adapter weights <paramref name="parameters"/>.</summary>
    public double Loss(IReadOnlyList<TrainingSequence> batch, LoraParameters adapter, double[] parameters)
    {
        double sum = 0;
        var count = 0;
        foreach (var sequence in batch)
        {
            var logits = Logits(sequence.Tokens[..^1], adapter, parameters);
            for (var t = 0; t + 1 < sequence.Tokens.Length; t++)
            {
                if (t + 1 < sequence.FirstTarget)
                {
                    continue;
                }

                var z = logits[t];
                var max = z.Max();
                var lse = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
                sum += lse - z[sequence.Tokens[t + 1]];
                count++;
            }
        }

        return sum / count;
    }

    /// <summary>Logits after each position of one sequence.</summary>
    public double[][] Logits(int[] tokens, LoraParameters adapter, double[] parameters)
    {
        var c = _c;
        var n = tokens.Length;
        var x = new double[n][];
        var embedding = _tensors["token_embd.weight"];
        for (var i = 0; i < n; i++)
        {
            x[i] = embedding.AsSpan(tokens[i] * c.Dimension, c.Dimension).ToArray();
        }

        for (var l = 0; l < c.Layers; l++)
        {
            var h = Norm(x, _tensors[$"blk.{l}.attn_norm.weight"]);
            var q = Linear(h, l, LoraTarget.Query, adapter, parameters);
            var k = Linear(h, l, LoraTarget.Key, adapter, parameters);
            var v = Linear(h, l, LoraTarget.Value, adapter, parameters);
            for (var i = 0; i < n; i++)
            {
                Rope(q[i], i, c.Heads);
                Rope(k[i], i, c.KvHeads);
            }

            var attention = new double[n][];
            var hd = c.HeadDimension;
            for (var i = 0; i < n; i++)
            {
                attention[i] = new double[c.QueryDimension];
                for (var head = 0; head < c.Heads; head++)
                {
                    var kvHead = head * c.KvHeads / c.Heads;
                    var scores = new double[i + 1];
                    for (var j = 0; j <= i; j++)
                    {
                        double dot = 0;
                        for (var d = 0; d < hd; d++)
                        {
                            dot += q[i][(head * hd) + d] * k[j][(kvHead * hd) + d];
                        }

                        scores[j] = dot / Math.Sqrt(hd);
                    }

                    var max = scores.Max();
                    var exps = scores.Select(s => Math.Exp(s - max)).ToArray();
                    var total = exps.Sum();
                    for (var j = 0; j <= i; j++)
                    {
                        for (var d = 0; d < hd; d++)
                        {
                            attention[i][(head * hd) + d] += exps[j] / total * v[j][(kvHead * hd) + d];
                        }
                    }
                }
            }

            var o = Linear(attention, l, LoraTarget.AttentionOutput, adapter, parameters);
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < c.Dimension; d++)
                {
                    x[i][d] += o[i][d];
                }
            }

            var h2 = Norm(x, _tensors[$"blk.{l}.ffn_norm.weight"]);
            var gate = Linear(h2, l, LoraTarget.Gate, adapter, parameters);
            var up = Linear(h2, l, LoraTarget.Up, adapter, parameters);
            for (var i = 0; i < n; i++)
            {
                for (var f = 0; f < gate[i].Length; f++)
                {
                    var g = gate[i][f];
                    gate[i][f] = g / (1 + Math.Exp(-g)) * up[i][f];
                }
            }

            var down = Linear(gate, l, LoraTarget.Down, adapter, parameters);
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < c.Dimension; d++)
                {
                    x[i][d] += down[i][d];
                }
            }
        }

        var final = Norm(x, _tensors["output_norm.weight"]);
        var output = _tensors.TryGetValue("output.weight", out var separate) ? separate : _tensors["token_embd.weight"];
        return Matmul(final, output, c.VocabularySize, c.Dimension);
    }

    private double[][] Linear(double[][] x, int layer, LoraTarget target, LoraParameters adapter, double[] parameters)
    {
        var (inputs, outputs) = TrainingTargets.Shape(_c, target);
        var y = Matmul(x, _tensors[TrainingTargets.TensorName(layer, target)], outputs, inputs);
        if (!adapter.Adapts(target))
        {
            return y;
        }

        var slot = adapter.Slot(layer, target);
        var r = adapter.Rank;
        var scale = (double)adapter.Alpha / r;
        for (var i = 0; i < x.Length; i++)
        {
            var u = new double[r];
            for (var k = 0; k < r; k++)
            {
                for (var cIn = 0; cIn < inputs; cIn++)
                {
                    u[k] += parameters[slot.AOffset + (k * inputs) + cIn] * x[i][cIn];
                }
            }

            for (var o = 0; o < outputs; o++)
            {
                for (var k = 0; k < r; k++)
                {
                    y[i][o] += scale * parameters[slot.BOffset + (o * r) + k] * u[k];
                }
            }
        }

        return y;
    }

    private static double[][] Matmul(double[][] x, double[] w, int rows, int columns)
    {
        var y = new double[x.Length][];
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                double sum = 0;
                for (var cIn = 0; cIn < columns; cIn++)
                {
                    sum += w[(r * columns) + cIn] * x[i][cIn];
                }

                y[i][r] = sum;
            }
        }

        return y;
    }

    private double[][] Norm(double[][] x, double[] weight) => x.Select(row =>
    {
        var inverse = 1 / Math.Sqrt((row.Sum(v => v * v) / row.Length) + _c.NormEpsilon);
        return row.Select((v, d) => v * inverse * weight[d]).ToArray();
    }).ToArray();

    /// <summary>RoPE on pairs (2p, 2p+1) with θ_p = base^(−2p / ropeDimensions), llama2.c's layout.</summary>
    private void Rope(double[] vector, int position, int heads)
    {
        var hd = _c.HeadDimension;
        for (var head = 0; head < heads; head++)
        {
            for (var p = 0; p < _c.RopeDimensions / 2; p++)
            {
                var angle = position * Math.Pow(_c.RopeBase, -2.0 * p / _c.RopeDimensions);
                var (sin, cos) = Math.SinCos(angle);
                var i0 = (head * hd) + (2 * p);
                var (x0, x1) = (vector[i0], vector[i0 + 1]);
                vector[i0] = (x0 * cos) - (x1 * sin);
                vector[i0 + 1] = (x0 * sin) + (x1 * cos);
            }
        }
    }
}
