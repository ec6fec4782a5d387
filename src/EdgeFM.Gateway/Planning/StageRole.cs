namespace EdgeFM.Gateway.Planning;

/// <summary>What a stage of a serving plan does.</summary>
public enum StageRole
{
    /// <summary>Answers the request; the last stage of every plan.</summary>
    Answer,
}
