namespace EdgeFM.Gateway.Tests.Support;

/// <summary>What the fake cloud does with each chat completion request.</summary>
public enum CloudBehaviour
{
    /// <summary>Streams "cloud says hi" as OpenAI chunks.</summary>
    Healthy,

    /// <summary>Answers 500 with an OpenAI error body.</summary>
    Failing,

    /// <summary>Waits 5 s before answering.</summary>
    Slow,
}
