namespace EdgeFM.Inference.Lora;

/// <summary>
/// The two low-rank factors of one adapted weight matrix W (<see cref="OutputDimension"/> × <see cref="InputDimension"/>,
/// y = W·x): the adapted product is <c>y = W·x + scale · B·(A·x)</c> with <c>scale = user scale · alpha / rank</c>.
/// </summary>
/// <remarks>
/// Both arrays are row-major float32 in exactly the element order of llama.cpp's GGUF tensors:
/// <see cref="A"/> is [rank][n_in] (<c>&lt;target&gt;.lora_a</c>, ggml ne = [n_in, rank]) and <see cref="B"/> is
/// [n_out][rank] (<c>&lt;target&gt;.lora_b</c>, ggml ne = [rank, n_out]). The arrays are not copied: do not change them
/// while a writer or adapter uses them.
/// </remarks>
public sealed class LoraTensorPair
{
    /// <summary>Creates a pair; checks that the arrays have rank × n_in and n_out × rank elements.</summary>
    /// <param name="targetName">The base model tensor it adapts, e.g. <c>blk.0.attn_q.weight</c> (see <see cref="LoraTargets"/>).</param>
    /// <param name="rank">Rank r of the factors, at least 1.</param>
    /// <param name="inputDimension">Columns of W (n_in, the length of x).</param>
    /// <param name="outputDimension">Rows of W (n_out, the length of y).</param>
    /// <param name="a">A, row-major [rank][n_in].</param>
    /// <param name="b">B, row-major [n_out][rank].</param>
    public LoraTensorPair(string targetName, int rank, int inputDimension, int outputDimension, float[] a, float[] b)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDimension, 1);
        if (targetName.EndsWith(LoraAdapterFormat.SuffixA, StringComparison.Ordinal) || targetName.EndsWith(LoraAdapterFormat.SuffixB, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Target '{targetName}' must be the base tensor's name, without '{LoraAdapterFormat.SuffixA}' or '{LoraAdapterFormat.SuffixB}'.", nameof(targetName));
        }

        if (a.LongLength != (long)rank * inputDimension)
        {
            throw new ArgumentException($"A of '{targetName}' has {a.LongLength} elements; rank {rank} × n_in {inputDimension} = {(long)rank * inputDimension} expected.", nameof(a));
        }

        if (b.LongLength != (long)outputDimension * rank)
        {
            throw new ArgumentException($"B of '{targetName}' has {b.LongLength} elements; n_out {outputDimension} × rank {rank} = {(long)outputDimension * rank} expected.", nameof(b));
        }

        TargetName = targetName;
        Rank = rank;
        InputDimension = inputDimension;
        OutputDimension = outputDimension;
        A = a;
        B = b;
    }

    /// <summary>The base model tensor this pair adapts, e.g. <c>blk.0.attn_q.weight</c>.</summary>
    public string TargetName { get; }

    /// <summary>Rank r.</summary>
    public int Rank { get; }

    /// <summary>n_in: columns of the base matrix (length of its input vector).</summary>
    public int InputDimension { get; }

    /// <summary>n_out: rows of the base matrix (length of its output vector).</summary>
    public int OutputDimension { get; }

    /// <summary>A, row-major [rank][n_in]: element (r, c) at <c>r * n_in + c</c>.</summary>
    public float[] A { get; }

    /// <summary>B, row-major [n_out][rank]: element (o, r) at <c>o * rank + r</c>.</summary>
    public float[] B { get; }
}
