using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Api;

/// <summary>A validated chat or text completion request.</summary>
/// <param name="Kind">Which endpoint it came through.</param>
/// <param name="Model">The requested model id.</param>
/// <param name="Messages">The conversation (a text completion is one user message holding the prompt).</param>
/// <param name="Options">Sampling options: max output tokens, temperature, top_p, seed, stop sequences.</param>
/// <param name="Stream">True for an SSE stream.</param>
/// <param name="IncludeUsage">True when <c>stream_options.include_usage</c> asked for a final usage chunk.</param>
/// <param name="PromptChars">Characters in all messages together.</param>
/// <param name="User">The <c>user</c> field, or null; used as the request's topic key.</param>
public sealed record GenerationRequest(
    EndpointKind Kind,
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions Options,
    bool Stream,
    bool IncludeUsage,
    int PromptChars,
    string? User);
