namespace EdgeFM.Simulation.Engine;

/// <summary>
/// An event of the discrete-event engine. Events are ordered by <see cref="Time"/>, then <see cref="Priority"/>
/// (lower first), then <see cref="Sequence"/> (insertion order), so simultaneous events resolve deterministically.
/// </summary>
/// <param name="Time">When the event happens, in integer ticks.</param>
/// <param name="Priority">Order among events at the same tick; lower runs first.</param>
/// <param name="Sequence">Insertion number, assigned by the queue.</param>
/// <param name="Kind">What happens (meaning defined by the model using the engine).</param>
/// <param name="Subject">Who it happens to (e.g. a user or server index).</param>
public readonly record struct SimEvent(long Time, int Priority, long Sequence, int Kind, int Subject)
{
    /// <summary>True when this event runs before <paramref name="other"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Precedes(in SimEvent other) =>
        Time != other.Time ? Time < other.Time
        : Priority != other.Priority ? Priority < other.Priority
        : Sequence < other.Sequence;
}
