using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Tokenization;
using Microsoft.Win32.SafeHandles;

namespace EdgeFM.Inference.Models;

/// <summary>
/// A llama-family model loaded for CPU inference. Weights stay in the memory-mapped file (zero-copy: a model of several
/// GB opens in milliseconds and its pages are shared with the page cache); only the small norm vectors are copied,
/// and Q4_0 matrices unless <see cref="ModelLoadOptions.RepackWeights"/> is off (they are repacked for AVX2).
/// The model is immutable and thread-safe: each generation uses its own <see cref="InferenceSession"/>.
/// </summary>
public sealed partial class LlamaModel : IDisposable
{
    /// <summary>Tensor types whose weights the runtime computes with.</summary>
    public static IReadOnlyList<GgmlType> SupportedTensorTypes { get; } =
        [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K];

    // Null for a model with a merged adapter: its unmerged weights are views into its base model's mapping.
    private readonly IDisposable? _mapping;
    private readonly bool _ownsPool;

    // Token-embedding rows are read from the file with positioned reads, not through the mapping: a page fault on the
    // mapping also maps the neighbouring cached pages (fault-around, 64 KiB), so the few rows a sequence uses made
    // ~40 KiB resident each (10.5 of 25 MiB after 256 tokens of the stories110M-shape Q8_0 model) for nothing.
    private readonly SafeFileHandle? _embeddingFile;
    private bool _disposed;

    private LlamaModel(string filePath, long fileBytes, ModelFormat format, IDisposable mapping, LlamaConfig config, ModelWeights weights, int? threads)
    {
        FilePath = filePath;
        FileBytes = fileBytes;
        Format = format;
        _mapping = mapping;
        Config = config;
        Weights = weights;
        _ownsPool = threads is not null;
        Pool = threads is { } n ? new ComputePool(n) : ComputePool.Shared;
        _embeddingFile = OpenEmbeddingFile(filePath, config);
    }

    private LlamaModel(LlamaModel baseModel, ModelWeights weights)
    {
        FilePath = baseModel.FilePath;
        FileBytes = baseModel.FileBytes;
        Format = baseModel.Format;
        Config = baseModel.Config;
        Weights = weights;
        Pool = baseModel.Pool;
        _embeddingFile = OpenEmbeddingFile(FilePath, Config);
    }

    /// <summary>Hyper-parameters (with the context length override of the load options applied).</summary>
    public LlamaConfig Config { get; }

    /// <summary>The tokenizer, or null when none was found (generation from text then throws a clear error).</summary>
    public ITokenizer? Tokenizer { get; private set; }

    /// <summary>
    /// Beginning-of-sequence token id (GGUF <c>tokenizer.ggml.bos_token_id</c>; 1 for llama2.c), or -1. Generation
    /// also ends on it: a model that emits BOS starts a new document (llama2.c's stories models do this).
    /// </summary>
    public int BosTokenId { get; private init; } = -1;

    /// <summary>End-of-sequence token id (GGUF <c>tokenizer.ggml.eos_token_id</c>; 2 for llama2.c), or -1.</summary>
    public int EosTokenId { get; private init; } = -1;

    /// <summary>Element type of its sessions' KV cache (<see cref="ModelLoadOptions.KvCacheType"/>): F32 or F16.</summary>
    public GgmlType KvCacheType { get; private init; } = GgmlType.F32;

    /// <summary>Absolute path of the model file.</summary>
    public string FilePath { get; }

    /// <summary>Size of the model file in bytes.</summary>
    public long FileBytes { get; }

    /// <summary>The file format.</summary>
    public ModelFormat Format { get; }

    /// <summary>The Jinja chat template from <c>tokenizer.chat_template</c>, or null when the file has none.</summary>
    public string? ChatTemplate { get; private set; }

    /// <summary>Architecture name (<c>general.architecture</c> for GGUF, <c>llama</c> for llama2.c).</summary>
    public string Architecture => "llama";

    /// <summary>The weight tensors, in file order.</summary>
    public IReadOnlyList<ModelTensor> Tensors => Weights.Tensors;

    /// <summary>The threads the model's kernels run on.</summary>
    public ComputePool Pool { get; }

    internal ModelWeights Weights { get; }

    /// <summary>
    /// Loads a GGUF file (architecture <c>llama</c>) or a llama2.c checkpoint, chosen by the file's first bytes.
    /// </summary>
    /// <exception cref="ModelFileException">The file (or its tokenizer) is missing, unsupported, truncated, corrupted or mismatched.</exception>
    public static LlamaModel Load(string path, ModelLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new ModelLoadOptions();
        if (options.Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be at least 1.");
        }

        if (options.KvCacheType is not (GgmlType.F32 or GgmlType.F16))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KvCacheType, "KvCacheType must be F32 or F16.");
        }

        if (options.MaxContextLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxContextLength, "MaxContextLength must be at least 1.");
        }

        var fullPath = Path.GetFullPath(path);
        if (IsGguf(fullPath))
        {
            return LoadGguf(fullPath, options);
        }

        // A .gguf name without the magic is a damaged or replaced file: read as a llama2.c checkpoint, it would fail with
        // a message about llama2.c headers that misleads.
        return string.Equals(Path.GetExtension(fullPath), ".gguf", StringComparison.OrdinalIgnoreCase)
            ? throw new ModelFileException(fullPath, "does not start with the GGUF magic bytes \"GGUF\"; the file is corrupted, truncated or not a GGUF model.")
            : LoadLlama2c(fullPath, options);
    }

    /// <summary>Creates a session (KV cache and scratch buffers) for one sequence.</summary>
    /// <param name="contextLength">Positions the session can hold; null for <see cref="LlamaConfig.ContextLength"/>.</param>
    public InferenceSession CreateSession(int? contextLength = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new InferenceSession(this, contextLength ?? Config.ContextLength);
    }

    /// <summary>
    /// Bytes of memory a session of <paramref name="contextLength"/> positions needs with this model: the mapped file
    /// (all weights resident), the KV cache and the session's scratch buffers.
    /// </summary>
    public long EstimateMemoryBytes(int contextLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 1);
        return FileBytes + Weights.CopiedBytes + InferenceSession.EstimateBytes(Config, contextLength, KvCacheType);
    }

    /// <summary>
    /// Writes the float32 embedding of <paramref name="token"/> into <paramref name="destination"/> (Dimension floats);
    /// <paramref name="row"/> is scratch of at least one embedding row's bytes. Allocates nothing.
    /// </summary>
    internal void ReadEmbedding(int token, Span<byte> row, Span<float> destination)
    {
        var table = Weights.TokenEmbedding;
        if (_embeddingFile is null)
        {
            Dequantize.Row(table.Type, table.Row(token), destination);
            return;
        }

        var bytes = row[..(int)table.RowBytes];
        var offset = Weights.TokenEmbeddingFileOffset + (token * table.RowBytes);
        if (RandomAccess.Read(_embeddingFile, bytes, offset) != bytes.Length)
        {
            throw new ModelFileException(FilePath, $"the token embedding row of token {token} at byte {offset} is past the end of the file; the file was truncated after loading.");
        }

        Dequantize.Row(table.Type, bytes, destination);
    }

    /// <summary>Releases the file mapping. Sessions of this model must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _embeddingFile?.Dispose();
        _mapping?.Dispose();
        Weights.Repacked?.Dispose();
        if (_ownsPool)
        {
            Pool.Dispose();
        }
    }

    // A tied table is also the output matrix, read whole every token, so it stays mapped.
    private static SafeFileHandle? OpenEmbeddingFile(string filePath, LlamaConfig config) => config.TiedOutput
        ? null
        : File.OpenHandle(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);

    private static bool IsGguf(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            throw new ModelFileException(fullPath, "file not found.");
        }

        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            Span<byte> magic = stackalloc byte[4];
            return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && BitConverter.ToUInt32(magic) == GgufFile.Magic;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(fullPath, $"cannot be read: {ex.Message}", ex);
        }
    }

    private static int? EffectiveContext(ModelLoadOptions options, int modelContext, string path)
    {
        var context = modelContext;
        if (options.ContextLength is { } requested)
        {
            if (requested < 1 || requested > modelContext)
            {
                throw new ModelFileException(path, $"context length {requested} was requested but the model supports 1 to {modelContext} tokens.");
            }

            context = requested;
        }

        if (options.MaxContextLength is { } cap)
        {
            context = Math.Min(context, cap);
        }

        return context == modelContext ? null : context;
    }
}
