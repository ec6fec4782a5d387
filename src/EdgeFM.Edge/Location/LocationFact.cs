namespace EdgeFM.Edge.Location;

/// <summary>One location-based fact, inserted verbatim into a completed prompt. Never holds coordinates.</summary>
/// <param name="Kind">What the fact states.</param>
/// <param name="Text">The fact as prompt text, e.g. "Paris, France" for <see cref="LocationFactKind.Place"/>.</param>
public sealed record LocationFact(LocationFactKind Kind, string Text);
