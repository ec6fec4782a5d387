using EdgeFM.Edge.Privacy;
using EdgeFM.Edge.Prompting;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Planning;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Execution;

public sealed partial class PlanExecutor
{
    /// <summary>
    /// Carries out a NetGPT plan: the completion stage on the edge model (queue, lease, generation slot, like any edge
    /// generation), then the answer stage on a request whose messages are only what the egress filter let out: the
    /// completed prompt in place of the concise one, and every earlier message filtered with the same context. Returns
    /// null when the cache changed under the completion stage (plan again). A conflict in the answer stage re-plans the
    /// answer only; the completed prompt is kept.
    /// </summary>
    private async Task<RunningGeneration?> TryNetGptAsync(ServingPlan plan, GenerationRequest request, CancellationToken cancellationToken)
    {
        var complete = plan.Stages[0];
        var result = await CompleteAsync(complete.Primary, request, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        request.Notes.NetGpt = result;
        request.Notes.EdgeModel = complete.Primary.EntryId;

        // The request's demonstration: its concise prompt and the completion the edge model made of it (edge-side text).
        demonstrations?.Record(complete.Primary.EntryId, request, result.Completion.Text);
        var answerRequest = AnswerRequest(request, result);
        var answer = plan.Stages[1];
        for (var round = 0; ; round++)
        {
            var shown = plan with { Stages = [complete, answer] };
            var attempt = await TryStageAsync(shown, answer, answerRequest, cancellationToken).ConfigureAwait(false);
            if (attempt.Generation is { } generation)
            {
                return generation;
            }

            if (!attempt.Conflict)
            {
                throw attempt.Error!;
            }

            if (round >= MaxRounds)
            {
                throw ApiException.Unavailable($"The cache kept changing while the answer to '{request.Model}' was being placed; retry shortly.");
            }

            (answer, _) = planner.PlanNetGptAnswer(PlanRequest.Of(answerRequest), complete.Primary.EntryId, firstAttempt: false);
        }
    }

    /// <summary>
    /// Runs the completion stage at <paramref name="destination"/> (the model, or a LoRA adapter over its base, leased as
    /// any edge generation's entry); null on a cache conflict.
    /// </summary>
    private async Task<NetGptResult?> CompleteAsync(Destination destination, GenerationRequest request, CancellationToken cancellationToken)
    {
        if (netGpt is null)
        {
            throw ApiException.Unavailable("This gateway was built without the NetGPT stage.");
        }

        var ticket = admission.TryEnterModel(destination.Model) ?? throw admission.ModelQueueFull(destination.Model);
        try
        {
            var acquisition = await AcquireAsync(destination, cancellationToken).ConfigureAwait(false);
            if (acquisition.Lease is null)
            {
                return acquisition.Outcome switch
                {
                    CacheOutcome.Conflict or CacheOutcome.ParentNotLoaded => null,
                    CacheOutcome.TooLarge => throw ApiException.Unavailable($"The NetGPT edge model '{destination.Model}' is larger than this gateway's memory budget of {cache.BudgetBytes} bytes."),
                    _ => throw ApiException.Unavailable($"The NetGPT edge model '{destination.Model}' cannot be served here: {acquisition.Failure}"),
                };
            }

            using var lease = acquisition.Lease;
            await ticket.WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
            var model = lease.Model
                ?? throw ApiException.Unavailable($"The NetGPT edge model '{destination.Model}' is not served by EdgeFM's runtime, so it cannot complete prompts.");
            if (model.Tokenizer is null)
            {
                throw ApiException.Unavailable($"The NetGPT edge model '{destination.Model}' has no tokenizer, so it cannot complete prompts; choose another with --netgpt-edge-model.");
            }

            // CPU-bound prefill and a few constrained tokens: on a pool thread, as edge generations run.
            return await Task.Run(() => netGpt.Complete(destination.EntryId, model, lease.Adapter, request, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ticket.Dispose();
        }
    }

    /// <summary>
    /// The answer stage's request: the completed prompt (egress-filtered) in place of the last message, every earlier
    /// message through the egress filter with the completion's context, no OpenAI <c>user</c> field.
    /// </summary>
    private static GenerationRequest AnswerRequest(GenerationRequest request, NetGptResult result)
    {
        var egress = NetGptCompletion.EgressContextFor(
            new NetGptRequest(request.ConcisePrompt, request.Edge.User, request.Edge.Location ?? new Edge.Location.LocationQuery(null)),
            result.Completion);
        var messages = new List<ChatMessage>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count - 1; i++)
        {
            messages.Add(new ChatMessage(request.Messages[i].Role, EgressFilter.Instance.Filter(request.Messages[i].Text, egress).Text));
        }

        messages.Add(new ChatMessage(request.Messages[^1].Role, result.Outgoing));
        return request with
        {
            Messages = messages,
            PromptChars = messages.Sum(m => m.Text.Length),
            User = null,
            IsAnswerStage = true,
        };
    }
}
