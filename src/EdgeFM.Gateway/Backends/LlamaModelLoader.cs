using System.Collections.Concurrent;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Inference;
using EdgeFM.Inference.Chat;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;

namespace EdgeFM.Gateway.Backends;

/// <summary>
/// Loads GGUF and llama2.c models with EdgeFM's own runtime and serves each through its <see cref="LlamaChatClient"/>
/// (chat template detected from the model; plain text for base models). A model is loaded with the gateway's context length
/// (or its own, when shorter); its size is the runtime's <see cref="LlamaModel.EstimateMemoryBytes"/> for that
/// context plus one more KV cache and scratch set per extra parallel generation.
/// </summary>
public sealed partial class LlamaModelLoader(int contextLength, int threads, int parallelPerModel, TimeProvider time, GgmlType kvCacheType = GgmlType.F32) : IModelBackendLoader, IAdapterLoader
{
    private readonly ConcurrentDictionary<string, long> _estimates = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens the model without repacking (every weight stays memory-mapped, so this is cheap), measures it and closes
    /// it; the result is remembered per file. Throws <see cref="ModelFileException"/> for a file the runtime cannot load.
    /// </summary>
    public long EstimateBytes(ModelEntry model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _estimates.GetOrAdd(model.Path, _ =>
        {
            using var loaded = Open(model, repack: false);
            return Measure(loaded);
        });
    }

    public Task<ModelBackend> LoadAsync(ModelEntry model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Task.Run(
            () =>
            {
                var loaded = Open(model, repack: true);
                try
                {
                    var bytes = Measure(loaded);
                    _estimates[model.Path] = bytes;
                    return new ModelBackend(new LlamaChatClient(loaded, model.Id, template: null, time), bytes, loaded, new LlamaChatClient(loaded, model.Id, new RawPromptTemplate(), time), loaded);
                }
                catch
                {
                    loaded.Dispose();
                    throw;
                }
            },
            cancellationToken);
    }

    private long Measure(LlamaModel model) =>
        model.EstimateMemoryBytes(model.Config.ContextLength) + ((parallelPerModel - 1) * InferenceSession.EstimateBytes(model.Config, model.Config.ContextLength, model.KvCacheType));

    // The gateway's context caps the model's, so the KV cache fits the estimate; one load (a second would repeat
    // the Q4_0 repacking). Repacking changes neither the size nor the estimate.
    private LlamaModel Open(ModelEntry model, bool repack) => LlamaModel.Load(
        model.Path,
        new ModelLoadOptions
        {
            TokenizerPath = model.TokenizerPath,
            Threads = threads > 0 ? threads : null,
            MaxContextLength = contextLength,
            RepackWeights = repack,
            KvCacheType = kvCacheType,
        });
}
