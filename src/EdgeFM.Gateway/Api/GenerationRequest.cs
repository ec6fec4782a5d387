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
    string? User)
{
    /// <summary>The gateway's <see cref="TimeProvider"/> timestamp of when it received the request (latency metrics count from it).</summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>The <c>edgefm</c> extension fields (location, personalization, user, sharing).</summary>
    public EdgeFields Edge { get; init; } = EdgeFields.None;

    /// <summary>What the edge did before the answer (NetGPT completion, demonstrations), for the response.</summary>
    public EdgeNotes Notes { get; init; } = new();

    /// <summary>
    /// True for the answer stage of a NetGPT request, whose prompt the edge already completed: no demonstrations are
    /// inserted into it and none is recorded for it (the completion stage recorded the request's demonstration).
    /// </summary>
    public bool IsAnswerStage { get; init; }

    /// <summary>The prompt a demonstration is chosen for and recorded with: the last message's text.</summary>
    public string ConcisePrompt => Messages[^1].Text;

    /// <summary>A topic in [0, 1) set by the caller (a replayed trace, a client that knows its task), or null to derive one.</summary>
    public double? TopicOverride { get; init; }

    /// <summary>
    /// The node name of the cluster edge that forwarded this request here (header <c>x-edgefm-forwarded</c>), or null
    /// when a client sent it. A forwarded request is never forwarded again.
    /// </summary>
    public string? ForwardedBy { get; init; }

    /// <summary>
    /// The request's topic in [0, 1), for Age of Context: <see cref="TopicOverride"/> when set; else from the
    /// <c>user</c> field when given, else from the first three words of the last message (case-insensitive), hashed
    /// with FNV-1a so similar openings share a topic.
    /// </summary>
    public double Topic
    {
        get
        {
            if (TopicOverride is { } topic)
            {
                return topic;
            }

            var key = User ?? string.Join(' ', Messages[^1].Text.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries).Take(3)).ToUpperInvariant();
            var hash = 2166136261u;
            foreach (var c in key)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return hash / 4294967296.0;
        }
    }
}
