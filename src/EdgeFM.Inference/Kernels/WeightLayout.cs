namespace EdgeFM.Inference.Kernels;

/// <summary>How the rows of a <see cref="WeightMatrix"/> are laid out in memory.</summary>
public enum WeightLayout
{
    /// <summary>ggml's layout, as in the file: row r is <c>RowBytes</c> contiguous bytes at <c>Data + r · RowBytes</c>.</summary>
    RowMajor,

    /// <summary>
    /// Q4_0 only: every group of eight rows below <c>8 · ⌊Rows / 8⌋</c> interleaved block by block for the AVX2
    /// mat-vec (still occupying the bytes of those eight rows); the remaining tail rows row-major. Made at load time
    /// from a row-major matrix; see the model load option <c>RepackWeights</c>.
    /// </summary>
    Q4_0x8,
}
