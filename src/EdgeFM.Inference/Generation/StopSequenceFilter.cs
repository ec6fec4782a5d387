using System.Text;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// Streams text while watching for stop sequences: text that could still be the start of a stop sequence is held back
/// until it is either ruled out (released) or completed (generation stops and the stop sequence is dropped).
/// </summary>
internal sealed class StopSequenceFilter
{
    private readonly IReadOnlyList<string> _stops;
    private readonly StringBuilder _pending = new();

    public StopSequenceFilter(IReadOnlyList<string> stops) => _stops = stops;

    /// <summary>Adds <paramref name="piece"/>; returns the text now safe to emit, and whether a stop sequence was completed.</summary>
    public string Push(string piece, out bool stopped)
    {
        stopped = false;
        if (_stops.Count == 0)
        {
            return piece;
        }

        _pending.Append(piece);
        var text = _pending.ToString();
        var earliest = -1;
        foreach (var stop in _stops)
        {
            var index = text.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (earliest < 0 || index < earliest))
            {
                earliest = index;
            }
        }

        if (earliest >= 0)
        {
            stopped = true;
            _pending.Clear();
            return text[..earliest];
        }

        var keep = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > keep; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    keep = length;
                    break;
                }
            }
        }

        _pending.Clear();
        _pending.Append(text, text.Length - keep, keep);
        return text[..^keep];
    }

    /// <summary>The held-back text, at the end of a generation that did not stop on a stop sequence.</summary>
    public string Flush()
    {
        var text = _pending.ToString();
        _pending.Clear();
        return text;
    }
}
