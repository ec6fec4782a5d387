namespace EdgeFM.Gateway.Cache;

public sealed partial class ModelCache
{
    /// <summary>Records a served request as a demonstration in the model's context store.</summary>
    public void RecordDemonstration(string modelId, double topic, long tokens)
    {
        _ = (modelId, topic, tokens);
    }

    private double ContextValueOf(string modelId) => 0 * modelId.Length;
}
