using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Lora;

/// <summary>
/// A LoRA adapter read from a GGUF file in llama.cpp's format (see <see cref="LoraAdapterFormat"/> and docs/lora.md),
/// its factors held as float32. Immutable and thread-safe: any number of sessions of a matching base model may use it
/// at once (<c>InferenceSession.SetAdapter</c>), each with its own scale, while the base model's
/// weights stay shared.
/// </summary>
public sealed partial class LoraAdapter
{
    private readonly Dictionary<string, LoraFactors> _factors;

    private LoraAdapter(string filePath, string architecture, float alpha, Dictionary<string, LoraFactors> factors, int ignoredTensors)
    {
        FilePath = filePath;
        Architecture = architecture;
        Alpha = alpha;
        _factors = factors;
        IgnoredTensorCount = ignoredTensors;
        Tensors = [.. factors.Values.Select(f => new LoraTensorInfo(f.TargetName, f.Rank, f.InputDimension, f.OutputDimension, f.FileType))];
        MaxRank = factors.Values.Max(f => f.Rank);
        FloatBytes = factors.Values.Sum(f => ((long)f.A.Length + f.BTransposed.Length) * sizeof(float));
    }

    /// <summary>Absolute path of the adapter file.</summary>
    public string FilePath { get; }

    /// <summary>The base architecture the adapter was made for (<c>general.architecture</c>).</summary>
    public string Architecture { get; }

    /// <summary>LoRA alpha (<c>adapter.lora.alpha</c>; 0 when absent, which makes the scale the user scale alone).</summary>
    public float Alpha { get; }

    /// <summary>The adapted tensors, in file order.</summary>
    public IReadOnlyList<LoraTensorInfo> Tensors { get; }

    /// <summary>Largest rank of any adapted tensor.</summary>
    public int MaxRank { get; }

    /// <summary>Norm-vector tensors (<c>*_norm.weight</c>) in the file that are ignored, as llama.cpp ignores them.</summary>
    public int IgnoredTensorCount { get; }

    /// <summary>Bytes of memory the float32 factors take.</summary>
    public long FloatBytes { get; }

    /// <summary>
    /// The factor llama.cpp multiplies a tensor's B·A product by: <c>userScale · alpha / rank</c>, or
    /// <paramref name="userScale"/> alone when alpha is 0.
    /// </summary>
    public float Scale(float userScale, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        return Alpha != 0 ? userScale * Alpha / rank : userScale;
    }

    /// <summary>Reads and checks an adapter file on its own (format, complete and consistent A/B pairs), without a base model.</summary>
    /// <exception cref="ModelFileException">The file is missing, not a GGUF LoRA adapter, or inconsistent; the message says how.</exception>
    public static LoraAdapter Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = GgufFile.Open(path);
        var p = file.FilePath;
        var generalType = OptionalString(file, LoraAdapterFormat.GeneralTypeKey);
        if (!string.Equals(generalType, LoraAdapterFormat.AdapterType, StringComparison.Ordinal))
        {
            throw new ModelFileException(p, $"is not a LoRA adapter: '{LoraAdapterFormat.GeneralTypeKey}' is {Quote(generalType)}, expected 'adapter' (a base model file? pass it as the model, and the adapter as --adapter).");
        }

        var adapterType = OptionalString(file, LoraAdapterFormat.AdapterTypeKey);
        if (!string.Equals(adapterType, LoraAdapterFormat.LoraType, StringComparison.Ordinal))
        {
            throw new ModelFileException(p, $"'{LoraAdapterFormat.AdapterTypeKey}' is {Quote(adapterType)}; only 'lora' adapters are supported.");
        }

        var architecture = OptionalString(file, LoraAdapterFormat.ArchitectureKey)
            ?? throw new ModelFileException(p, $"metadata key '{LoraAdapterFormat.ArchitectureKey}' is missing; cannot tell which base model the adapter is for.");
        var alpha = (float)file.GetDoubleOrDefault(LoraAdapterFormat.AlphaKey, 0);
        if (!float.IsFinite(alpha))
        {
            throw new ModelFileException(p, $"'{LoraAdapterFormat.AlphaKey}' is {alpha}; it must be a finite number.");
        }

        var (factors, ignored) = ReadFactors(file);
        return new LoraAdapter(p, architecture, alpha, factors, ignored);
    }

    /// <summary>The factors in the public row-major form (copies), e.g. to continue training or to write them again.</summary>
    public LoraWeights ToWeights() => new(Alpha, [.. _factors.Values.Select(f => f.ToPair())], Architecture);

    internal bool TryGetFactors(string targetName, out LoraFactors factors) => _factors.TryGetValue(targetName, out factors!);

    private static (Dictionary<string, LoraFactors> Factors, int Ignored) ReadFactors(GgufFile file)
    {
        var p = file.FilePath;
        var pairs = new Dictionary<string, (GgufTensorInfo? A, GgufTensorInfo? B)>(StringComparer.Ordinal);
        var order = new List<string>();
        var ignored = 0;
        foreach (var tensor in file.Tensors)
        {
            var name = tensor.Name;
            var isA = name.EndsWith(LoraAdapterFormat.SuffixA, StringComparison.Ordinal);
            var isB = name.EndsWith(LoraAdapterFormat.SuffixB, StringComparison.Ordinal);
            if (!isA && !isB)
            {
                if (name.EndsWith("_norm.weight", StringComparison.Ordinal))
                {
                    ignored++;
                    continue;
                }

                throw new ModelFileException(p, $"tensor '{name}' is neither a '.lora_a' nor a '.lora_b' factor; the file is not a LoRA adapter.");
            }

            var target = name[..^LoraAdapterFormat.SuffixA.Length];
            if (!pairs.TryGetValue(target, out var pair))
            {
                order.Add(target);
            }

            pairs[target] = isA ? (tensor, pair.B) : (pair.A, tensor);
        }

        if (order.Count == 0)
        {
            throw new ModelFileException(p, "has no '.lora_a'/'.lora_b' tensors; the adapter is empty.");
        }

        var factors = new Dictionary<string, LoraFactors>(StringComparer.Ordinal);
        foreach (var target in order)
        {
            var (a, b) = pairs[target];
            if (a is null || b is null)
            {
                throw new ModelFileException(p, $"tensor '{target}{(a is null ? LoraAdapterFormat.SuffixA : LoraAdapterFormat.SuffixB)}' is missing: '{target}' needs both a '.lora_a' and a '.lora_b' factor.");
            }

            factors.Add(target, ReadPair(file, target, a, b));
        }

        return (factors, ignored);
    }

    private static LoraFactors ReadPair(GgufFile file, string target, GgufTensorInfo a, GgufTensorInfo b)
    {
        var p = file.FilePath;
        if (a.Dimensions.Count != 2 || b.Dimensions.Count != 2)
        {
            throw new ModelFileException(p, $"'{target}' factors have shapes {Shape(a)} and {Shape(b)}; each must be 2-dimensional (lora_a [n_in, rank], lora_b [rank, n_out]).");
        }

        if (a.Dimensions[1] != b.Dimensions[0])
        {
            throw new ModelFileException(p, $"'{a.Name}' is {Shape(a)} and '{b.Name}' is {Shape(b)}: lora_a's ne[1] must equal lora_b's ne[0] (the rank); lora_a is not transposed as llama.cpp's format requires.");
        }

        if (a.Dimensions[0] > 1 << 20 || b.Dimensions[1] > 1 << 24 || a.Dimensions[1] > 1 << 16)
        {
            throw new ModelFileException(p, $"'{target}' factors {Shape(a)} and {Shape(b)} are implausibly large; the file is corrupted.");
        }

        var rank = (int)a.Dimensions[1];
        var inputs = (int)a.Dimensions[0];
        var outputs = (int)b.Dimensions[1];
        if (a.Type != b.Type)
        {
            throw new ModelFileException(p, $"'{a.Name}' is {a.Type} but '{b.Name}' is {b.Type}; both factors must have one element type.");
        }

        var aValues = Read(file, a);
        var bValues = Read(file, b);
        return new LoraFactors(target, a.Type, rank, inputs, outputs, aValues, LoraFactors.Transpose(bValues, outputs, rank));
    }

    private static float[] Read(GgufFile file, GgufTensorInfo tensor)
    {
        var values = new float[tensor.ElementCount];
        try
        {
            Dequantize.Row(tensor.Type, file.GetTensorData(tensor), values);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ModelFileException(file.FilePath, $"tensor '{tensor.Name}' of type {tensor.Type} and shape {Shape(tensor)} cannot be read: {ex.Message}", ex);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ModelFileException(file.FilePath, $"tensor '{tensor.Name}' holds {values[i]} at element {i}; an adapter's factors must be finite.");
            }
        }

        return values;
    }

    private static string? OptionalString(GgufFile file, string key) => file.TryGet(key, out var value) ? value.Value as string : null;

    private static string Quote(string? value) => value is null ? "missing" : $"'{value}'";

    internal static string Shape(GgufTensorInfo tensor) => $"[{string.Join(", ", tensor.Dimensions)}]";
}
