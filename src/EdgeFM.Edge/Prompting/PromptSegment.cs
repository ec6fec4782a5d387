namespace EdgeFM.Edge.Prompting;

/// <summary>One piece of a completed prompt.</summary>
/// <param name="Kind">Where it came from.</param>
/// <param name="Text">Its text.</param>
public sealed record PromptSegment(PromptSegmentKind Kind, string Text);
