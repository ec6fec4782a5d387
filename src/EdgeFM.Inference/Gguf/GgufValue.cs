using System.Globalization;

namespace EdgeFM.Inference.Gguf;

/// <summary>
/// A GGUF metadata value. Scalars are stored as their CLR type (<see cref="byte"/>, <see cref="int"/>, <see cref="float"/>,
/// <see cref="bool"/>, <see cref="string"/>, ...); arrays as a CLR array of the element type (<c>string[]</c>,
/// <c>float[]</c>, <c>int[]</c>, ...; arrays of arrays as <c>GgufValue[]</c>).
/// </summary>
/// <param name="Type">The value's GGUF type tag.</param>
/// <param name="ElementType">For arrays, the element type tag; otherwise equal to <paramref name="Type"/>.</param>
/// <param name="Value">The value.</param>
public sealed record GgufValue(GgufValueType Type, GgufValueType ElementType, object Value)
{
    /// <summary>The value as a string; throws when it is not one.</summary>
    public string AsString() => Value as string ?? throw new InvalidCastException($"GGUF value of type {Type} is not a string.");

    /// <summary>An integer scalar of any width as <see cref="long"/>.</summary>
    public long AsInt64() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        ulong v => checked((long)v),
        long v => v,
        bool v => v ? 1 : 0,
        _ => throw new InvalidCastException($"GGUF value of type {Type} is not an integer."),
    };

    /// <summary>A numeric scalar as <see cref="double"/>.</summary>
    public double AsDouble() => Value switch
    {
        float v => v,
        double v => v,
        _ => AsInt64(),
    };

    /// <summary>The value as an array of <typeparamref name="T"/>; throws when the element type differs.</summary>
    public T[] AsArray<T>() => Value as T[] ?? throw new InvalidCastException($"GGUF value of type {Type}[{ElementType}] is not an array of {typeof(T).Name}.");

    /// <summary>Number of elements for arrays, 1 for scalars.</summary>
    public int Count => Value is Array a ? a.Length : 1;

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        string s => s,
        Array a => $"[{ElementType} × {a.Length}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? string.Empty,
    };
}
