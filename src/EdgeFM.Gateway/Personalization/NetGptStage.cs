using System.Runtime.CompilerServices;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Prompting;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Context;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;

namespace EdgeFM.Gateway.Personalization;

/// <summary>
/// The gateway's NetGPT edge stage: location facts from the provider, k demonstrations of the edge model chosen by Age
/// of Context (only the requester's own and shareable ones), the constrained completion on the leased edge model, and
/// the egress filter (<see cref="NetGptCompletion"/>). Completers are built once per loaded model, and once per loaded
/// LoRA adapter (whose completer runs the base model with the adapter applied unmerged). Thread-safe.
/// </summary>
public sealed class NetGptStage
{
    private readonly ConditionalWeakTable<LlamaModel, PromptCompleter> _completers = [];
    private readonly ConditionalWeakTable<LoraAdapter, PromptCompleter> _adapterCompleters = [];
    private readonly ILocationContextProvider _locations;
    private readonly LiveDemonstrations _demonstrations;
    private readonly NetGptOptions _options;

    /// <summary>Creates the stage.</summary>
    /// <param name="locations">Turns a request's location into facts.</param>
    /// <param name="demonstrations">The live demonstrations (selection and recording).</param>
    /// <param name="demonstrationCount">k: most demonstrations shown to the edge model (0: zero-shot).</param>
    public NetGptStage(ILocationContextProvider locations, LiveDemonstrations demonstrations, int demonstrationCount)
    {
        _locations = locations ?? throw new ArgumentNullException(nameof(locations));
        _demonstrations = demonstrations ?? throw new ArgumentNullException(nameof(demonstrations));
        _options = new NetGptOptions { Demonstrations = demonstrationCount };
    }

    /// <summary>The location provider (also validates sites when requests are parsed).</summary>
    public ILocationContextProvider Locations => _locations;

    /// <summary>
    /// Completes <paramref name="request"/>'s concise prompt (its last message) on <paramref name="model"/>, the loaded
    /// <paramref name="edgeModel"/>, with <paramref name="adapter"/> applied when <paramref name="edgeModel"/> is a LoRA
    /// adapter entry (<c>base:adapter</c>; its demonstrations are that id's). CPU-bound: call it off the request thread.
    /// A request without a location is completed with no location facts (the demonstrations still apply).
    /// </summary>
    public NetGptResult Complete(string edgeModel, LlamaModel model, LoraAdapter? adapter, GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var completer = adapter is null
            ? _completers.GetValue(model, m => new PromptCompleter(m))
            : _adapterCompleters.GetValue(adapter, a => new PromptCompleter(model, adapter: a));
        var completion = new NetGptCompletion(_locations, completer, _options.Demonstrations > 0 ? _demonstrations.Context : null, _options);
        return completion.Complete(
            new ModelId(edgeModel),
            new NetGptRequest(request.ConcisePrompt, request.Edge.User, request.Edge.Location ?? new LocationQuery(null)),
            cancellationToken);
    }
}
