using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Prompting;

/// <summary>A completed prompt and how it was made.</summary>
/// <param name="Text">The completed prompt: the concise prompt followed by one sentence per carried fact (see <see cref="PromptTemplate"/>).</param>
/// <param name="Segments">The pieces of <see cref="Text"/> in order; their texts concatenate to it.</param>
/// <param name="Facts">The facts carried, in order (each appears verbatim in <see cref="Text"/>).</param>
/// <param name="Demonstrations">The demonstrations the edge model saw (those that fitted its context), in prompt order.</param>
/// <param name="PromptTokens">Tokens the edge model read (demonstrations, request and forced spans).</param>
/// <param name="GeneratedTokens">Tokens the edge model wrote (connectors).</param>
public sealed record PromptCompletion(
    string Text,
    IReadOnlyList<PromptSegment> Segments,
    IReadOnlyList<LocationFact> Facts,
    IReadOnlyList<StoredDemonstration> Demonstrations,
    int PromptTokens,
    int GeneratedTokens);
