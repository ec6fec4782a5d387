using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace EdgeFM.Simulation.Scenarios;

/// <summary>
/// Reads the fields of one YAML/JSON mapping with validation: every error names the file, the line and column of the
/// offending node, the field's path, and what is expected. <see cref="Finish"/> rejects fields nobody asked for.
/// </summary>
internal sealed class YamlFields
{
    private readonly string _file;
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly List<string> _known = [];

    public YamlFields(string file, YamlMappingNode node, string path)
    {
        _file = file;
        _node = node;
        _path = path;
    }

    public ScenarioException Error(YamlNode node, string field, string problem) =>
        new(_file, (int)node.Start.Line, (int)node.Start.Column, field, problem);

    public bool Has(string key)
    {
        _known.Add(key);
        return Find(key) is not null;
    }

    public double Number(string key, double? fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool exclusiveMin = false, string unit = "")
    {
        var node = Get(key, fallback is null, $"a number{unit}");
        if (node is null)
        {
            return fallback!.Value;
        }

        var text = Scalar(node, key, $"a number{unit}").Replace("_", string.Empty, StringComparison.Ordinal);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(node, Field(key), $"expected a number{unit} but found '{text}'.");
        }

        if (value < min || value > max || (exclusiveMin && value <= min))
        {
            throw Error(node, Field(key), $"{text} is out of range; expected {Range(min, max, exclusiveMin)}{unit}.");
        }

        return value;
    }

    public long Whole(string key, long? fallback, long min, long max = long.MaxValue)
    {
        var node = Get(key, fallback is null, "a whole number");
        if (node is null)
        {
            return fallback!.Value;
        }

        var text = Scalar(node, key, "a whole number").Replace("_", string.Empty, StringComparison.Ordinal);
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(node, Field(key), $"expected a whole number but found '{text}'.");
        }

        if (value < min || value > max)
        {
            throw Error(node, Field(key), $"{text} is out of range; expected {Range(min, max, exclusiveMin: false)}.");
        }

        return value;
    }

    public bool Flag(string key, bool fallback)
    {
        var node = Get(key, required: false, "true or false");
        if (node is null)
        {
            return fallback;
        }

        var text = Scalar(node, key, "true or false");
        return bool.TryParse(text, out var value) ? value : throw Error(node, Field(key), $"expected true or false but found '{text}'.");
    }

    public string? Text(string key, bool required, string expected = "a text value")
    {
        var node = Get(key, required, expected);
        return node is null ? null : Scalar(node, key, expected);
    }

    public YamlFields? Mapping(string key, bool required)
    {
        var node = Get(key, required, "a mapping of fields");
        if (node is null)
        {
            return null;
        }

        return node is YamlMappingNode mapping
            ? new YamlFields(_file, mapping, Field(key))
            : throw Error(node, Field(key), $"expected a mapping of fields (key: value lines) but found {Describe(node)}.");
    }

    public YamlSequenceNode? Sequence(string key, bool required, string expected)
    {
        var node = Get(key, required, expected);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw Error(node, Field(key), $"expected {expected} (a non-empty list) but found {Describe(node)}.");
        }

        return sequence;
    }

    public YamlFields Item(YamlSequenceNode sequence, int index, string key)
    {
        var node = sequence.Children[index];
        return node is YamlMappingNode mapping
            ? new YamlFields(_file, mapping, $"{Field(key)}[{index}]")
            : throw Error(node, $"{Field(key)}[{index}]", $"expected a mapping of fields but found {Describe(node)}.");
    }

    public string ItemText(YamlSequenceNode sequence, int index, string key) =>
        sequence.Children[index] is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw Error(sequence.Children[index], $"{Field(key)}[{index}]", $"expected a name but found {Describe(sequence.Children[index])}.");

    /// <summary>Rejects any field of the mapping that was not asked for.</summary>
    public void Finish()
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;
            if (!_known.Contains(key, StringComparer.Ordinal))
            {
                throw Error(keyNode, Field(key), $"unknown field; expected one of: {string.Join(", ", _known)}.");
            }
        }
    }

    public string Field(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public YamlNode Node => _node;

    private YamlNode? Get(string key, bool required, string expected)
    {
        _known.Add(key);
        var node = Find(key);
        if (node is null && required)
        {
            throw Error(_node, Field(key), $"missing required field; add '{key}:' with {expected}.");
        }

        return node;
    }

    private YamlNode? Find(string key)
    {
        foreach (var (keyNode, value) in _node.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    private string Scalar(YamlNode node, string key, string expected) =>
        node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw Error(node, Field(key), $"expected {expected} but found {Describe(node)}.");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: { Length: > 0 } v } => $"'{v}'",
        _ => "nothing",
    };

    private static string Range(double min, double max, bool exclusiveMin)
    {
        var low = double.IsNegativeInfinity(min) ? null : $"{(exclusiveMin ? ">" : "≥")} {min.ToString(CultureInfo.InvariantCulture)}";
        var high = double.IsPositiveInfinity(max) || max >= long.MaxValue ? null : $"≤ {max.ToString(CultureInfo.InvariantCulture)}";
        return (low, high) switch
        {
            (null, null) => "a number",
            (_, null) => $"a value {low}",
            (null, _) => $"a value {high}",
            _ => $"a value {low} and {high}",
        };
    }
}
