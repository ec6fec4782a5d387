namespace EdgeFM.Gateway.Planning;

/// <summary>What a stage of a serving plan does.</summary>
public enum StageRole
{
    /// <summary>Answers the request; the last stage of every plan.</summary>
    Answer,

    /// <summary>
    /// NetGPT's edge stage: an edge model completes the concise prompt with location facts and demonstrations; only
    /// the egress-filtered completed prompt goes on to the <see cref="Answer"/> stage.
    /// </summary>
    Complete,
}
