namespace EdgeFM.Inference.Lora;

/// <summary>
/// One adapted matrix's factors as float32, laid out for the run-time kernels: A row-major [rank][n_in] (as in the
/// file) and B transposed to [rank][n_out], so that adding B·t is <c>rank</c> contiguous multiply-adds of n_out floats.
/// </summary>
/// <param name="Info">Target name, rank, n_in, n_out and the element type the factors had in the file.</param>
/// <param name="A">A, [rank][n_in].</param>
/// <param name="BTransposed">Bᵀ, [rank][n_out].</param>
internal sealed record LoraFactors(LoraTensorInfo Info, float[] A, float[] BTransposed)
{
    /// <summary>The transpose of a row-major <paramref name="rows"/> × <paramref name="columns"/> matrix.</summary>
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

    /// <summary>The public row-major form ([rank][n_in] A, [n_out][rank] B), copied.</summary>
    public LoraTensorPair ToPair() =>
        new(Info.TargetName, Info.Rank, Info.InputDimension, Info.OutputDimension, (float[])A.Clone(), Transpose(BTransposed, Info.Rank, Info.OutputDimension));
}
