using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// The UTF-8 bytes of every token, back to back in one array with an offset per token, for decoding whole sequences
/// fast: one pass sums the lengths, one copies the pieces (eight bytes at a time, which covers nearly every GPT-2 token;
/// the arrays have eight bytes of slack so the wide copies stay in bounds), and one UTF-8 conversion makes the string.
/// </summary>
internal sealed class PieceBytes
{
    private const int Slack = sizeof(ulong);

    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    public PieceBytes(int count, Func<int, byte[]> piece)
    {
        var pieces = new byte[count][];
        _offsets = new int[count + 1];
        for (var id = 0; id < count; id++)
        {
            pieces[id] = piece(id);
            _offsets[id + 1] = checked(_offsets[id] + pieces[id].Length);
        }

        _bytes = new byte[_offsets[count] + Slack];
        for (var id = 0; id < count; id++)
        {
            pieces[id].CopyTo(_bytes, _offsets[id]);
        }
    }

    public int Count => _offsets.Length - 1;

    /// <summary>The bytes of token <paramref name="id"/>, which the caller has checked.</summary>
    public ReadOnlySpan<byte> Get(int id) => _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);

    /// <summary>
    /// The text of <paramref name="ids"/>: their bytes concatenated and read as UTF-8 (invalid sequences become U+FFFD).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        long total = 0;
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token ids of this vocabulary are 0 to {Count - 1}.");
            }

            total += _offsets[id + 1] - _offsets[id];
        }

        if (total > Array.MaxLength - Slack)
        {
            throw new ArgumentOutOfRangeException(nameof(ids), total, "The decoded text would be larger than a string can hold.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)total + Slack);
        try
        {
            ref var source = ref MemoryMarshal.GetArrayDataReference(_bytes);
            ref var destination = ref MemoryMarshal.GetArrayDataReference(buffer);
            nint position = 0;
            foreach (var id in ids)
            {
                var start = _offsets[id];
                var length = _offsets[id + 1] - start;
                if (length <= Slack)
                {
                    // Both arrays have Slack bytes past their last piece, so the wide copy never leaves them; the bytes
                    // written past this piece are overwritten by the next one or lie beyond the text.
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, position), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, start)));
                }
                else
                {
                    _bytes.AsSpan(start, length).CopyTo(buffer.AsSpan((int)position));
                }

                position += length;
            }

            return Encoding.UTF8.GetString(buffer, 0, (int)total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
