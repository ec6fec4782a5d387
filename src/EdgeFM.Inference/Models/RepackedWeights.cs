using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using Microsoft.Win32.SafeHandles;

namespace EdgeFM.Inference.Models;

/// <summary>
/// Weight matrices copied out of the model file into private memory: repacked for faster kernels (Q4_0 into
/// <see cref="WeightLayout.Q4_0x8"/>) or merged with a LoRA adapter (float32); frees that memory on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// The bytes are read with positioned reads, not through the mapping, so a repacked tensor's pages of the mapped file
/// are never touched and count once in the process's resident memory (as the private copy), not twice.
/// </remarks>
internal sealed unsafe class RepackedWeights : IDisposable
{
    // Positioned reads take a span, so tensors are read in pieces of at most this many bytes.
    private const int ReadPiece = 1 << 30;

    private readonly List<nint> _allocations = [];

    /// <summary>Number of matrices repacked.</summary>
    public int Matrices => _allocations.Count;

    /// <summary>
    /// A Q4_0 <paramref name="rows"/> × <paramref name="columns"/> matrix stored at <paramref name="offset"/> in
    /// <paramref name="file"/>, repacked; or null when it is not worth or not possible to repack (fewer than eight rows,
    /// or a non-finite block scale), in which case the caller keeps the mapped view.
    /// </summary>
    /// <exception cref="ModelFileException">The file ends before the tensor does.</exception>
    public WeightMatrix? RepackQ4_0(SafeFileHandle file, string path, string name, long offset, int rows, int columns)
    {
        if (rows < Q4_0x8.Rows)
        {
            return null;
        }

        var rowBytes = GgmlTypeInfo.RowBytes(GgmlType.Q4_0, columns);
        var bytes = rowBytes * rows;
        var data = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        try
        {
            for (long done = 0; done < bytes;)
            {
                var piece = new Span<byte>(data + done, (int)Math.Min(ReadPiece, bytes - done));
                var read = RandomAccess.Read(file, piece, offset + done);
                if (read == 0)
                {
                    throw new ModelFileException(path, $"tensor '{name}' ends at byte {offset + bytes}, past the end of the file at byte {offset + done}; the file is truncated.");
                }

                done += read;
            }

            if (!Q4_0x8.ScalesFinite(data, rowBytes, rows, columns))
            {
                NativeMemory.AlignedFree(data);
                return null;
            }

            Q4_0x8.PackInPlace(data, rowBytes, rows, columns);
        }
        catch
        {
            NativeMemory.AlignedFree(data);
            throw;
        }

        _allocations.Add((nint)data);
        return new WeightMatrix(data, GgmlType.Q4_0, rows, columns, WeightLayout.Q4_0x8);
    }

    /// <summary>A private float32 <paramref name="rows"/> × <paramref name="columns"/> matrix (zeroed), freed with the others.</summary>
    public WeightMatrix AllocateF32(int rows, int columns)
    {
        var bytes = (nuint)((long)rows * columns * sizeof(float));
        var data = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(data, bytes);
        _allocations.Add((nint)data);
        return new WeightMatrix(data, GgmlType.F32, rows, columns);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var allocation in _allocations)
        {
            NativeMemory.AlignedFree((void*)allocation);
        }

        _allocations.Clear();
    }
}
