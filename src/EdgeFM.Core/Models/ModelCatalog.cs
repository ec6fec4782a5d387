using System.Collections.ObjectModel;

namespace EdgeFM.Core.Models;

/// <summary>
/// An immutable, ordered set of models with unique ids. A model's ordinal (its index in <see cref="Models"/>)
/// is stable for the catalog's lifetime, so simulators can index arrays by it.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<ModelId, int> _ordinals;
    private readonly ModelSpec[] _models;

    /// <summary>Creates a catalog; throws <see cref="ArgumentException"/> on duplicate ids.</summary>
    public ModelCatalog(IEnumerable<ModelSpec> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var list = new List<ModelSpec>();
        _ordinals = new Dictionary<ModelId, int>();
        foreach (var model in models)
        {
            if (!_ordinals.TryAdd(model.Id, list.Count))
            {
                throw new ArgumentException($"The catalog lists model '{model.Id}' twice; model ids must be unique.", nameof(models));
            }

            list.Add(model);
        }

        _models = [.. list];
        Models = new ReadOnlyCollection<ModelSpec>(_models);
    }

    /// <summary>The models in catalog order.</summary>
    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>Number of models.</summary>
    public int Count => _models.Length;

    /// <summary>The model with the given ordinal.</summary>
    public ModelSpec this[int ordinal] => _models[ordinal];

    /// <summary>The ordinal of <paramref name="id"/>, or -1 when the catalog does not hold it.</summary>
    public int OrdinalOf(ModelId id) => _ordinals.TryGetValue(id, out var ordinal) ? ordinal : -1;

    /// <summary>Finds a model by id.</summary>
    public bool TryGet(ModelId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelSpec? model)
    {
        if (_ordinals.TryGetValue(id, out var ordinal))
        {
            model = _models[ordinal];
            return true;
        }

        model = null;
        return false;
    }
}
