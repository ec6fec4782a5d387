using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Lora;

/// <summary>
/// One adapted matrix's factors as float32, laid out for the run-time kernels: A row-major [rank][n_in] (as in the
/// file) and B transposed to [rank][n_out], so that adding B·t is <c>rank</c> contiguous multiply-adds of n_out floats.
/// </summary>
internal sealed class LoraFactors
{
    public LoraFactors(string targetName, GgmlType fileType, int rank, int inputDimension, int outputDimension, float[] a, float[] bTransposed)
    {
        TargetName = targetName;
        FileType = fileType;
        Rank = rank;
        InputDimension = inputDimension;
        OutputDimension = outputDimension;
        A = a;
        BTransposed = bTransposed;
    }

    public string TargetName { get; }

    /// <summary>Element type the factors had in the file.</summary>
    public GgmlType FileType { get; }

    public int Rank { get; }

    public int InputDimension { get; }

    public int OutputDimension { get; }

    /// <summary>A, [rank][n_in].</summary>
    public float[] A { get; }

    /// <summary>Bᵀ, [rank][n_out].</summary>
    public float[] BTransposed { get; }

    /// <summary>B row-major [n_out][rank] from a row-major [rank][n_out] transpose (or the other way round).</summary>
    public static float[] Transpose(ReadOnlySpan<float> source, int rows, int columns)
    {
        var result = new float[source.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = source[(r * columns) + c];
            }
        }

        return result;
    }

    /// <summary>The public row-major form ([rank][n_in] A, [n_out][rank] B).</summary>
    public LoraTensorPair ToPair() =>
        new(TargetName, Rank, InputDimension, OutputDimension, (float[])A.Clone(), Transpose(BTransposed, Rank, OutputDimension));
}
