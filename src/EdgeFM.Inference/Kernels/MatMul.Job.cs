using System.Runtime.Intrinsics;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

public static unsafe partial class MatMul
{
    /// <summary>One mat-mat call's work; chunk k covers weight rows [k · RowsPerChunk, (k + 1) · RowsPerChunk).</summary>
    private struct Job : IComputeJob
    {
        private readonly TypeKernels _kernels;
        private readonly byte* _w;
        private readonly long _rowBytes;
        private readonly int _rows;
        private readonly int _columns;
        private readonly int _n;
        private readonly float* _y;
        private readonly int _interleaved;

        public Job(in TypeKernels kernels, in WeightMatrix w, int n, float* y)
        {
            _kernels = kernels;
            _w = w.Data;
            _rowBytes = w.RowBytes;
            _rows = w.Rows;
            _columns = w.Columns;
            _n = n;
            _y = y;
            _interleaved = w.InterleavedRows;
        }

        /// <summary>Activation rows in the kernels' activation format.</summary>
        public byte* X;

        /// <summary>Bytes from one activation row to the next.</summary>
        public long XStride;

        /// <summary>Per activation row, <see cref="Q4_0x8.PrepareActivation"/>'s side data (interleaved Q4_0 weights only).</summary>
        public byte* Aux;

        /// <summary>Bytes from one activation row's side data to the next.</summary>
        public long AuxStride;

        public int RowsPerChunk;

        /// <summary>True when <see cref="X"/> holds float32 panels and the job runs the GEMM.</summary>
        public bool Gemm;

        /// <summary>Work chunks of this job (0 for a default job).</summary>
        public readonly int Chunks => RowsPerChunk == 0 ? 0 : (_rows + RowsPerChunk - 1) / RowsPerChunk;

        public readonly void Execute(int chunk)
        {
            var start = chunk * RowsPerChunk;
            var end = Math.Min(_rows, start + RowsPerChunk);
            var dot = _kernels.Dot;
            if (_n == 1)
            {
                var r = InterleavedGroups(0, start, end);
                if (_kernels.Weight == GgmlType.F32 && Vector512.IsHardwareAccelerated && _rowBytes >= F32.FourRowMinRowBytes)
                {
                    for (; r + 4 <= end; r += 4)
                    {
                        F32.Dot4Vector512(_w + (r * _rowBytes), _rowBytes, X, _columns, _y + r);
                    }
                }
                else if (_kernels.Weight == GgmlType.F32 && SimdInt8.IsSupported && _rowBytes >= F32.FourRowMinRowBytes)
                {
                    for (; r + 4 <= end; r += 4)
                    {
                        F32.Dot4Avx2(_w + (r * _rowBytes), _rowBytes, X, _columns, _y + r);
                    }
                }
                else if (_kernels.Weight == GgmlType.Q4_0 && SimdInt8.IsSupported)
                {
                    for (; r + 8 <= end; r += 8)
                    {
                        Q4_0.Dot8Avx2(_w + (r * _rowBytes), _rowBytes, X, _columns, _y + r);
                    }

                    for (; r + 4 <= end; r += 4)
                    {
                        Q4_0.Dot4Avx2(_w + (r * _rowBytes), _rowBytes, X, _columns, _y + r);
                    }
                }
                else if (_kernels.Weight == GgmlType.Q8_0 && SimdInt8.IsSupported)
                {
                    for (; r + 4 <= end; r += 4)
                    {
                        Q8_0.Dot4Avx2(_w + (r * _rowBytes), _rowBytes, X, _columns, _y + r);
                    }
                }

                for (; r < end; r++)
                {
                    _y[r] = dot(_w + (r * _rowBytes), X, _columns);
                }

                return;
            }

            if (Gemm)
            {
                if (_kernels.Weight == GgmlType.F32)
                {
                    F32Gemm.Multiply((float*)_w, _rowBytes / sizeof(float), start, end, (float*)X, _n, _columns, _y, _rows);
                }
                else
                {
                    QuantizedGemm.Multiply(_kernels, _w, _rowBytes, _interleaved, start, end, (float*)X, _n, _columns, _y, _rows);
                }

                return;
            }

            // Interleaved groups one activation row at a time (a group's eight rows already share each activation
            // load), then the row-major tail below.
            var tail = start;
            var a = 0;
            if (Q4_0x8.VnniSupported && _interleaved > start)
            {
                for (; a + Q4_0x8.TileTokens <= _n; a += Q4_0x8.TileTokens)
                {
                    tail = InterleavedTile(a, start, end);
                }
            }

            for (; a < _n; a++)
            {
                tail = InterleavedGroups(a, start, end);
            }

            start = tail;

            // Activation rows outer (a group stays in L1), this chunk's weight rows inner (they stay in L2).
            var i = 0;
            if (_kernels.Activation == GgmlType.Q8_0 && SimdInt8.IsSupported)
            {
                var nibbles = _kernels.Weight == GgmlType.Q4_0;
                for (; i + Q8_0Tile.ActivationRows <= _n; i += Q8_0Tile.ActivationRows)
                {
                    for (var r = start; r < end; r++)
                    {
                        Q8_0Tile.Dot1x4(nibbles, _w + (r * _rowBytes), X + (i * XStride), XStride, _columns, _y + ((long)i * _rows) + r, _rows);
                    }
                }
            }

            for (; i < _n; i++)
            {
                var xi = X + (i * XStride);
                var yi = _y + ((long)i * _rows);
                for (var r = start; r < end; r++)
                {
                    yi[r] = dot(_w + (r * _rowBytes), xi, _columns);
                }
            }
        }

        /// <summary>
        /// Computes activation rows [<paramref name="a"/>, <paramref name="a"/> + 4) against the interleaved groups among
        /// rows [start, end) with <see cref="Q4_0x8.Dot4Vnni"/> and returns the first row left to do.
        /// </summary>
        private readonly int InterleavedTile(int a, int start, int end)
        {
            var groupsEnd = Math.Min(end, _interleaved);
            var r = start;
            var x = X + (a * XStride);
            var aux = Aux + (a * AuxStride);
            var y = _y + ((long)a * _rows);
            for (; r + Q4_0x8.Rows <= groupsEnd; r += Q4_0x8.Rows)
            {
                Q4_0x8.Dot4Vnni(_w + (r * _rowBytes), x, XStride, aux, AuxStride, _columns, y + r, _rows);
            }

            return Math.Max(r, start);
        }

        /// <summary>
        /// Computes activation row <paramref name="a"/> against the interleaved groups among rows [start, end) (start
        /// is a multiple of 8: chunks are) and returns the first row left to do.
        /// </summary>
        private readonly int InterleavedGroups(int a, int start, int end)
        {
            var groupsEnd = Math.Min(end, _interleaved);
            var r = start;
            var x = X + (a * XStride);
            var y = _y + ((long)a * _rows);
            for (; r + Q4_0x8.Rows <= groupsEnd; r += Q4_0x8.Rows)
            {
                if (SimdInt8.IsSupported)
                {
                    Q4_0x8.DotAvx2(_w + (r * _rowBytes), x, Aux + (a * AuxStride), _columns, y + r);
                }
                else
                {
                    Q4_0x8.DotScalar(_w + (r * _rowBytes), x, _columns, y + r);
                }
            }

            return Math.Max(r, start);
        }
    }
}
