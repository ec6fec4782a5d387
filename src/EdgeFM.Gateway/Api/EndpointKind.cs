namespace EdgeFM.Gateway.Api;

/// <summary>Which OpenAI endpoint a generation request came through.</summary>
public enum EndpointKind
{
    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    Chat,

    /// <summary><c>POST /v1/completions</c> (legacy text completions).</summary>
    Completion,
}
