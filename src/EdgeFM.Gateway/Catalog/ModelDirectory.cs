using System.Text.Json;

namespace EdgeFM.Gateway.Catalog;

/// <summary>
/// The models of one directory (top level only). Model ids are file names without extension. A GGUF file is a model
/// on its own. A llama2.c checkpoint (<c>.bin</c>) is paired with its tokenizer by these rules, first match wins:
/// <list type="number">
/// <item>the manifest <c>edgefm-models.json</c> in the directory: <c>{"checkpoint.bin": {"tokenizer": "tok.bin"}}</c>;</item>
/// <item>a file named <c>&lt;checkpoint name&gt;.tokenizer.bin</c> beside it;</item>
/// <item>the only tokenizer file in the directory whose vocabulary size equals the checkpoint's (tokenizers named for
/// another checkpoint by rule 2 do not count).</item>
/// </list>
/// <c>.bin</c> files that parse as llama2.c tokenizers are tokenizers, not models. When a GGUF and a llama2.c
/// checkpoint share a name, the GGUF keeps the bare id and the checkpoint's id gets the suffix <c>.bin</c>.
/// GGUF files with <c>general.type = adapter</c> are LoRA adapters, not models (see <see cref="Adapters"/>).
/// </summary>
public sealed partial class ModelDirectory
{
    /// <summary>File name of the optional pairing manifest.</summary>
    public const string ManifestFileName = "edgefm-models.json";

    private readonly Dictionary<string, ModelEntry> _byId;

    private ModelDirectory(string directory, List<ModelEntry> models, List<AdapterEntry> adapters, List<string> adapterProblems)
    {
        Root = directory;
        Models = [.. models.OrderBy(m => m.Id, StringComparer.Ordinal)];
        _byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);
        Adapters = [.. adapters.OrderBy(a => a.Id, StringComparer.Ordinal)];
        _adaptersById = adapters.ToDictionary(a => a.Id, StringComparer.Ordinal);
        AdapterProblems = adapterProblems;
    }

    /// <summary>The scanned directory.</summary>
    public string Root { get; }

    /// <summary>Every model, ordered by id.</summary>
    public IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>Finds a model by its exact id.</summary>
    public bool TryGet(string id, out ModelEntry entry) => _byId.TryGetValue(id, out entry!);

    /// <summary>
    /// Scans <paramref name="directory"/>. A file that cannot be read, a checkpoint with no tokenizer by the rules above,
    /// or checkpoints under a malformed manifest become entries with a <see cref="ModelEntry.Failure"/> saying why; the
    /// rest are served. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> only when the
    /// directory itself cannot be listed.
    /// </summary>
    public static ModelDirectory Scan(string directory)
    {
        var full = Path.GetFullPath(directory);
        string? manifestFailure = null;
        Dictionary<string, ManifestEntry> manifest;
        try
        {
            manifest = ReadManifest(full);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            manifest = [];
            manifestFailure = ex.Message;
        }

        var models = new List<ModelEntry>();
        var checkpoints = new List<(string Path, int Vocab)>();
        var tokenizers = new List<(string Path, int Vocab)>();
        var adapterFiles = new List<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(full).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file);
            if (extension.Equals(".gguf", StringComparison.OrdinalIgnoreCase) && IsAdapter(file))
            {
                adapterFiles.Add(file);
            }
            else if (extension.Equals(".gguf", StringComparison.OrdinalIgnoreCase))
            {
                models.Add(new ModelEntry(Path.GetFileNameWithoutExtension(file), file, ModelFormat.Gguf, null, new FileInfo(file).Length));
            }
            else if (extension.Equals(".bin", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    if (Llama2cFiles.TryReadTokenizerVocabulary(file, out var tokenizerVocab))
                    {
                        tokenizers.Add((file, tokenizerVocab));
                    }
                    else if (Llama2cFiles.TryReadCheckpointVocabulary(file, out var vocab))
                    {
                        checkpoints.Add((file, vocab));
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    models.Add(new ModelEntry(Path.GetFileNameWithoutExtension(file), file, ModelFormat.Llama2c, null, 0, $"{file}: cannot be read ({ex.Message})."));
                }
            }
        }

        var ggufIds = models.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, vocab) in checkpoints)
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            var id = ggufIds.Contains(stem) ? stem + ".bin" : stem;
            try
            {
                var tokenizer = manifestFailure is null ? PairTokenizer(full, path, vocab, manifest, tokenizers) : throw new InvalidDataException(manifestFailure);
                models.Add(new ModelEntry(id, path, ModelFormat.Llama2c, tokenizer, new FileInfo(path).Length));
            }
            catch (InvalidDataException ex)
            {
                models.Add(new ModelEntry(id, path, ModelFormat.Llama2c, null, new FileInfo(path).Length, ex.Message));
            }
        }

        var (adapters, problems) = ResolveAdapters(adapterFiles, models, manifest, manifestFailure);
        return new ModelDirectory(full, models, adapters, problems);
    }

    private static string PairTokenizer(string directory, string checkpoint, int vocab, Dictionary<string, ManifestEntry> manifest, List<(string Path, int Vocab)> tokenizers)
    {
        var name = Path.GetFileName(checkpoint);
        if (manifest.TryGetValue(name, out var listed) && listed.Tokenizer is { } fromManifest)
        {
            var path = Path.GetFullPath(Path.Combine(directory, fromManifest));
            return File.Exists(path)
                ? path
                : throw new InvalidDataException($"{ManifestFileName}: tokenizer '{fromManifest}' for '{name}' does not exist in {directory}.");
        }

        var beside = Path.Combine(directory, Path.GetFileNameWithoutExtension(checkpoint) + ".tokenizer.bin");
        if (File.Exists(beside))
        {
            return beside;
        }

        // A tokenizer named for another checkpoint belongs to that checkpoint.
        var matching = tokenizers.Where(t => t.Vocab == vocab && !IsNamedForACheckpoint(t.Path)).ToList();
        return matching.Count == 1
            ? matching[0].Path
            : throw new InvalidDataException(
                $"llama2.c checkpoint '{name}' (vocabulary {vocab}) has {(matching.Count == 0 ? "no" : "more than one")} matching tokenizer in {directory}; " +
                $"name it '{Path.GetFileNameWithoutExtension(checkpoint)}.tokenizer.bin' or list it in {ManifestFileName}.");
    }

    private static bool IsNamedForACheckpoint(string tokenizerPath)
    {
        const string suffix = ".tokenizer.bin";
        var name = Path.GetFileName(tokenizerPath);
        return name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
            && File.Exists(Path.Combine(Path.GetDirectoryName(tokenizerPath)!, name[..^suffix.Length] + ".bin"));
    }

    private static Dictionary<string, ManifestEntry> ReadManifest(string directory)
    {
        var result = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var path = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var tokenizer = StringField(property.Value, "tokenizer");
                var baseModel = StringField(property.Value, "base");
                result[property.Name] = property.Value.ValueKind == JsonValueKind.Object && (tokenizer is not null || baseModel is not null)
                    ? new ManifestEntry(tokenizer, baseModel)
                    : throw new InvalidDataException($"{path}: entry '{property.Name}' needs a string \"tokenizer\" field (a llama2.c checkpoint) or a string \"base\" field (a LoRA adapter).");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}); expected {{\"model.bin\": {{\"tokenizer\": \"tok.bin\"}}, \"adapter.gguf\": {{\"base\": \"model\"}}}}.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"{path}: expected an object like {{\"model.bin\": {{\"tokenizer\": \"tok.bin\"}}}}.", ex);
        }

        return result;
    }

    private static string? StringField(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One manifest entry: a checkpoint's tokenizer file, or an adapter's base model id.</summary>
    private sealed record ManifestEntry(string? Tokenizer, string? Base);
}
