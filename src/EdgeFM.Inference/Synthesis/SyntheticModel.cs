using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Synthesis;

/// <summary>
/// Writes random-weight llama models as GGUF files with llama.cpp's key and tensor names, for tests and benchmarks.
/// Weights are N(0, σ²) from a seeded generator, norms are 1, so activations stay finite; the file is streamed row
/// by row (memory use is one row, not the model).
/// </summary>
public static class SyntheticModel
{
    /// <summary>Writes the model described by <paramref name="options"/> to <paramref name="path"/> and returns its size in bytes.</summary>
    /// <exception cref="SyntheticModelException">The shape is inconsistent; the message names the option and how to fix it.</exception>
    /// <exception cref="ModelFileException">The tokenizer file cannot be read.</exception>
    public static long Write(SyntheticModelOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var vocabulary = LoadVocabulary(options);
        Validate(options, vocabulary.Tokens.Length);
        var fullPath = Path.GetFullPath(path);
        using (var writer = GgufWriter.Create(fullPath))
        {
            AddMetadata(writer, options, vocabulary);
            var tensors = Tensors(options, vocabulary.Tokens.Length);
            foreach (var (name, type, columns, rows) in tensors)
            {
                writer.AddTensor(name, type, rows == 1 ? [columns] : [columns, rows]);
            }

            var random = new Random(options.Seed);
            foreach (var (_, type, columns, rows) in tensors)
            {
                WriteTensor(writer, random, type, columns, rows, options.WeightStdDev);
            }

            writer.Finish();
        }

        return new FileInfo(fullPath).Length;
    }

    /// <summary>ggml's <c>general.file_type</c> (llama_ftype) for a model whose matrices are <paramref name="type"/>.</summary>
    public static uint FileType(GgmlType type) => type switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q8_0 => 7,
        GgmlType.Q4_K => 14,
        GgmlType.Q6_K => 18,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No llama file type for this tensor type."),
    };

    private static SyntheticVocabulary LoadVocabulary(SyntheticModelOptions options)
    {
        if (options.TokenizerPath is null)
        {
            if (options.Vocabulary < SyntheticVocabulary.MinimumSize)
            {
                throw new SyntheticModelException(
                    $"--vocab is {options.Vocabulary}; a synthetic vocabulary needs at least {SyntheticVocabulary.MinimumSize} tokens (3 special + 256 byte tokens). Give a larger --vocab or a --tokenizer file.");
            }

            return SyntheticVocabulary.Create(options.Vocabulary);
        }

        var file = Llama2cVocabulary.Read(options.TokenizerPath, options.Vocabulary > 0 ? options.Vocabulary : null);
        return SyntheticVocabulary.FromLlama2c(file);
    }

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new SyntheticModelException(message);
        }
    }

    private static void Validate(SyntheticModelOptions o, int vocabulary)
    {
        Require(o.Dimension > 0 && o.Layers > 0 && o.Heads > 0 && o.KvHeads > 0 && o.FeedForward > 0 && o.ContextLength > 0,
            "--dim, --layers, --heads, --kv-heads, --ffn and --context must all be positive.");
        Require(o.Dimension % o.Heads == 0, $"--dim {o.Dimension} is not a multiple of --heads {o.Heads}; the head dimension must be whole.");
        Require(o.Dimension / o.Heads % 2 == 0, $"the head dimension {o.Dimension / o.Heads} (--dim / --heads) must be even for rotary embeddings.");
        Require(o.Heads % o.KvHeads == 0, $"--heads {o.Heads} is not a multiple of --kv-heads {o.KvHeads}.");
        Require(Quantize.Supports(o.Type), $"--type {o.Type} cannot be written (supported: f32, f16, q8_0, q4_0, q4_k, q6_k).");
        var block = GgmlTypeInfo.BlockSize(o.Type);
        Require(o.Dimension % block == 0 && o.FeedForward % block == 0,
            $"{o.Type} stores rows in blocks of {block}: --dim {o.Dimension} and --ffn {o.FeedForward} must both be multiples of {block} (or use --type f32/f16{(block > 32 ? "/q8_0/q4_0" : string.Empty)}).");
        Require(vocabulary > 0, "the vocabulary is empty.");
    }

    private static List<(string Name, GgmlType Type, int Columns, int Rows)> Tensors(SyntheticModelOptions o, int vocabulary)
    {
        var kvDim = o.Dimension / o.Heads * o.KvHeads;
        var list = new List<(string, GgmlType, int, int)> { ("token_embd.weight", o.Type, o.Dimension, vocabulary) };
        for (var layer = 0; layer < o.Layers; layer++)
        {
            var p = $"blk.{layer}.";
            list.Add((p + "attn_norm.weight", GgmlType.F32, o.Dimension, 1));
            list.Add((p + "attn_q.weight", o.Type, o.Dimension, o.Dimension));
            list.Add((p + "attn_k.weight", o.Type, o.Dimension, kvDim));
            list.Add((p + "attn_v.weight", o.Type, o.Dimension, kvDim));
            list.Add((p + "attn_output.weight", o.Type, o.Dimension, o.Dimension));
            list.Add((p + "ffn_norm.weight", GgmlType.F32, o.Dimension, 1));
            list.Add((p + "ffn_gate.weight", o.Type, o.Dimension, o.FeedForward));
            list.Add((p + "ffn_up.weight", o.Type, o.Dimension, o.FeedForward));
            list.Add((p + "ffn_down.weight", o.Type, o.FeedForward, o.Dimension));
        }

        list.Add(("output_norm.weight", GgmlType.F32, o.Dimension, 1));
        if (o.SeparateOutput)
        {
            list.Add(("output.weight", o.Type, o.Dimension, vocabulary));
        }

        return list;
    }

    private static void AddMetadata(GgufWriter writer, SyntheticModelOptions o, SyntheticVocabulary vocabulary)
    {
        writer.AddString("general.architecture", "llama");
        writer.AddString("general.name", o.Name);
        writer.AddUInt32("general.file_type", FileType(o.Type));
        writer.AddUInt32("general.quantization_version", 2);
        writer.AddUInt32("llama.vocab_size", (uint)vocabulary.Tokens.Length);
        writer.AddUInt32("llama.context_length", (uint)o.ContextLength);
        writer.AddUInt32("llama.embedding_length", (uint)o.Dimension);
        writer.AddUInt32("llama.block_count", (uint)o.Layers);
        writer.AddUInt32("llama.feed_forward_length", (uint)o.FeedForward);
        writer.AddUInt32("llama.attention.head_count", (uint)o.Heads);
        writer.AddUInt32("llama.attention.head_count_kv", (uint)o.KvHeads);
        writer.AddUInt32("llama.rope.dimension_count", (uint)(o.Dimension / o.Heads));
        writer.AddFloat32("llama.rope.freq_base", 10000f);
        writer.AddFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        writer.AddString("tokenizer.ggml.model", "llama");
        writer.AddArray("tokenizer.ggml.tokens", vocabulary.Tokens);
        writer.AddArray("tokenizer.ggml.scores", vocabulary.Scores);
        writer.AddArray("tokenizer.ggml.token_type", vocabulary.TokenTypes);
        writer.AddUInt32("tokenizer.ggml.bos_token_id", 1);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", 2);
        writer.AddUInt32("tokenizer.ggml.unknown_token_id", 0);
        writer.AddMetadata("tokenizer.ggml.add_bos_token", GgufValueType.Bool, true);
        writer.AddMetadata("tokenizer.ggml.add_eos_token", GgufValueType.Bool, false);
    }

    private static void WriteTensor(GgufWriter writer, Random random, GgmlType type, int columns, int rows, float stdDev)
    {
        var values = new float[columns];
        if (rows == 1)
        {
            // Norm weights: ones keep every layer's activations at the scale the random matrices give them.
            Array.Fill(values, 1f);
            writer.WriteData(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        var bytes = new byte[GgmlTypeInfo.RowBytes(type, columns)];
        for (var r = 0; r < rows; r++)
        {
            FillNormal(random, values, stdDev);
            Quantize.Row(type, values, bytes);
            writer.WriteData(bytes);
        }
    }

    /// <summary>Box–Muller: two independent N(0, σ²) values per pair of uniforms.</summary>
    internal static void FillNormal(Random random, Span<float> values, float stdDev)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = stdDev * Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }
}
