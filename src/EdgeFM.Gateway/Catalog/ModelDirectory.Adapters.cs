using EdgeFM.Inference;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Lora;

namespace EdgeFM.Gateway.Catalog;

/// <summary>
/// LoRA adapters of the models directory. A GGUF file whose <c>general.type</c> is <c>adapter</c> is an adapter; its
/// base model is, first match wins:
/// <list type="number">
/// <item>the manifest's entry for the file: <c>{"pirate.gguf": {"base": "stories260K"}}</c>;</item>
/// <item>the adapter's GGUF metadata <c>general.base_model.0.name</c> (written by llama.cpp's converter from the model
/// card), when it is exactly the id of a model in the directory;</item>
/// <item>the file name <c>&lt;base id&gt;.&lt;name&gt;.gguf</c>, the longest model id that prefixes it.</item>
/// </list>
/// The adapter's name is the file name without extension, minus the <c>&lt;base id&gt;.</c> prefix under rule 3; its
/// id is <c>&lt;base id&gt;:&lt;name&gt;</c>. An adapter whose base no rule finds is not served and is reported in
/// <see cref="AdapterProblems"/>. Whether it fits its base (architecture, shapes, vocabulary) is checked when the
/// gateway starts and again at each load.
/// </summary>
public sealed partial class ModelDirectory
{
    /// <summary>The llama.cpp metadata key naming an adapter's base model.</summary>
    public const string BaseModelNameKey = "general.base_model.0.name";

    private readonly Dictionary<string, AdapterEntry> _adaptersById;

    /// <summary>Every adapter with a known base, ordered by id.</summary>
    public IReadOnlyList<AdapterEntry> Adapters { get; }

    /// <summary>Adapter files that are not served because no rule names their base, one message each.</summary>
    public IReadOnlyList<string> AdapterProblems { get; }

    /// <summary>Finds an adapter by its id <c>&lt;base id&gt;:&lt;name&gt;</c>.</summary>
    public bool TryGetAdapter(string id, out AdapterEntry adapter) => _adaptersById.TryGetValue(id, out adapter!);

    private static bool IsAdapter(string file)
    {
        try
        {
            return LoraAdapter.IsAdapterFile(file);
        }
        catch (Exception ex) when (ex is ModelFileException or IOException or UnauthorizedAccessException)
        {
            // A damaged GGUF stays a model entry, which reports the damage as its failure.
            return false;
        }
    }

    private static (List<AdapterEntry> Adapters, List<string> Problems) ResolveAdapters(
        List<string> files, List<ModelEntry> models, Dictionary<string, ManifestEntry> manifest, string? manifestFailure)
    {
        var adapters = new List<AdapterEntry>();
        var problems = new List<string>();
        var ids = models.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var (baseId, name, source) = manifest.TryGetValue(Path.GetFileName(file), out var listed) && listed.Base is { } fromManifest
                ? (fromManifest, stem, "manifest")
                : BaseFromMetadata(file) is { } fromMetadata && ids.Contains(fromMetadata)
                    ? (fromMetadata, stem, "metadata")
                    : BaseFromName(stem, ids);
            if (baseId is null)
            {
                var manifestNote = manifestFailure is null ? string.Empty : $" ({ManifestFileName} could not be read: {manifestFailure})";
                problems.Add($"{file}: LoRA adapter with no base model in this directory{manifestNote}; name it '<base id>.<name>.gguf' or list it in {ManifestFileName} as {{\"{Path.GetFileName(file)}\": {{\"base\": \"<base id>\"}}}}.");
            }
            else if (!ids.Contains(baseId))
            {
                problems.Add($"{file}: its base model '{baseId}' (from {source}) is not a model in this directory; models: {string.Join(", ", ids.Order(StringComparer.Ordinal))}.");
            }
            else
            {
                adapters.Add(new AdapterEntry($"{baseId}{AdapterEntry.Separator}{name}", name, baseId, file, new FileInfo(file).Length, source));
            }
        }

        return (adapters, problems);
    }

    private static string? BaseFromMetadata(string file)
    {
        try
        {
            using var gguf = GgufFile.Open(file);
            return gguf.TryGet(BaseModelNameKey, out var value) ? value.Value as string : null;
        }
        catch (Exception ex) when (ex is ModelFileException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (string? BaseId, string Name, string Source) BaseFromName(string stem, HashSet<string> ids)
    {
        var baseId = ids.Where(id => stem.Length > id.Length + 1 && stem.StartsWith(id + ".", StringComparison.Ordinal))
            .OrderByDescending(id => id.Length)
            .FirstOrDefault();
        return baseId is null ? (null, stem, "file name") : (baseId, stem[(baseId.Length + 1)..], "file name");
    }
}
