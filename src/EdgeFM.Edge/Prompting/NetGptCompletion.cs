using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Privacy;

namespace EdgeFM.Edge.Prompting;

/// <summary>
/// The edge stage of NetGPT in one call: location facts from the provider, k demonstrations by Age of Context within
/// the edge model's free context, the constrained completion, and the egress filter. <see cref="NetGptResult.Outgoing"/>
/// is what the next stage (the cloud, or the edge model itself without a cloud) may receive. Thread-safe.
/// </summary>
public sealed class NetGptCompletion
{
    private readonly ILocationContextProvider _location;
    private readonly DemonstrationContext? _demonstrations;
    private readonly PromptCompleter _completer;
    private readonly NetGptOptions _options;

    /// <summary>Creates the stage; without <paramref name="demonstrations"/> the edge model completes zero-shot.</summary>
    public NetGptCompletion(ILocationContextProvider location, PromptCompleter completer, DemonstrationContext? demonstrations = null, NetGptOptions? options = null)
    {
        _location = location ?? throw new ArgumentNullException(nameof(location));
        _completer = completer ?? throw new ArgumentNullException(nameof(completer));
        _demonstrations = demonstrations;
        _options = options ?? new NetGptOptions();
    }

    /// <summary>
    /// Completes <paramref name="request"/> with the demonstrations stored for <paramref name="edgeModel"/>.
    /// Throws <see cref="UnknownSiteException"/> for an unknown site (a 400 at the gateway).
    /// </summary>
    public NetGptResult Complete(ModelId edgeModel, NetGptRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var location = _location.Resolve(request.Location);
        var selection = _demonstrations?.Select(
            edgeModel,
            new DemonstrationRequest(request.User, request.Prompt, request.Topic),
            _options.Demonstrations,
            _completer.DemonstrationBudget(request.Prompt, location),
            _completer.TokenCost) ?? DemonstrationSelection.Empty;
        var completion = _completer.Complete(request.Prompt, location, [.. selection.Chosen.Select(s => s.Demonstration)], cancellationToken);
        var egress = EgressFilter.Instance.Filter(completion.Text, EgressContextFor(request, completion));
        return new NetGptResult(egress.Text, completion, location, selection, egress);
    }

    /// <summary>
    /// The egress context of a completion: the request's point, every user id in play, the other users' demonstrations
    /// the edge model saw, and the request's own texts (its prompt, the completion without the model's connectors, and each forced fact and lead-in).
    /// </summary>
    public static EgressContext EgressContextFor(NetGptRequest request, PromptCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(completion);
        return new EgressContext
        {
            Location = request.Location.Point,
            UserIds = [request.User, .. completion.Demonstrations.Select(d => d.User)],
            ForeignDemonstrations = [.. completion.Demonstrations.Where(d => d.User != request.User)],
            OwnTexts =
            [
                request.Prompt,
                string.Concat(completion.Segments.Where(s => s.Kind is not PromptSegmentKind.Connector).Select(s => s.Text)),

                // Each forced span on its own (facts, lead-ins), so that it survives where a copied connector runs into it.
                .. completion.Segments.Where(s => s.Kind is PromptSegmentKind.Fact or PromptSegmentKind.Template).Select(s => s.Text),
            ],
        };
    }
}
