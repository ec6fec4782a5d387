using EdgeFM.Core.Models;

namespace EdgeFM.Edge.Demonstrations;

/// <summary>A demonstration a served request left behind: what was asked and answered, on what topic, when, by whom.</summary>
/// <param name="Id">Row id in the store (assigned on commit; 0 before).</param>
/// <param name="Model">The model that served the request.</param>
/// <param name="User">The user who made the request.</param>
/// <param name="Shareable">Whether the demonstration may serve other users' requests at this edge.</param>
/// <param name="Topic">The request's topic label (free text, e.g. "food"); empty when unknown.</param>
/// <param name="Time">When the request was served (UTC, millisecond precision once stored).</param>
/// <param name="Prompt">The request's prompt as the user wrote it.</param>
/// <param name="Response">The response the model gave.</param>
public sealed record StoredDemonstration(
    long Id, ModelId Model, UserId User, bool Shareable, string Topic, DateTimeOffset Time, string Prompt, string Response)
{
    /// <summary>Whether the demonstration may serve a request of <paramref name="user"/>: their own, or shareable.</summary>
    public bool IsVisibleTo(UserId user) => Shareable || User == user;
}
