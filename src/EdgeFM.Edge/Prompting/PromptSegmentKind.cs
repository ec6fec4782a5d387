namespace EdgeFM.Edge.Prompting;

/// <summary>Where a piece of a completed prompt came from.</summary>
public enum PromptSegmentKind
{
    /// <summary>The user's concise prompt, verbatim.</summary>
    Request,

    /// <summary>Fixed template text (a fact's lead-in such as " I am near ", or a full stop).</summary>
    Template,

    /// <summary>A location fact, verbatim from the location provider.</summary>
    Fact,

    /// <summary>Connecting text the edge model wrote (no digits, no sentence end, a few tokens at most).</summary>
    Connector,
}
