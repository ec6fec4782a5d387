using EdgeFM.Core.Caching.Policies;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// Creates cache policies by name (case-insensitive). The built-in policies are registered; add your own with
/// <see cref="Register"/>. Policies receive the catalog and a seeded <see cref="Random"/> so runs are deterministic.
/// </summary>
public sealed class CachePolicyFactory
{
    private readonly Dictionary<string, Func<ModelCatalog, Random, ICachePolicy>> _creators = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];

    /// <summary>Creates a factory holding the six built-in policies with <paramref name="options"/> (defaults when null).</summary>
    public CachePolicyFactory(CachePolicyOptions? options = null)
    {
        var worth = (options ?? new CachePolicyOptions()).NewModelWorth;
        Register(CachePolicyNames.Random, static (catalog, random) => new RandomPolicy(catalog, random));
        Register(CachePolicyNames.Cloud, static (_, _) => new CloudOnlyPolicy());
        Register(CachePolicyNames.FIFO, static (_, _) => new FirstInFirstOutPolicy());
        Register(CachePolicyNames.LFU, static (_, _) => new LeastFrequentlyUsedPolicy());
        Register(CachePolicyNames.LC, (_, _) => new LeastContextPolicy(worth));
        Register(CachePolicyNames.LRU, static (_, _) => new LeastRecentlyUsedPolicy());
    }

    /// <summary>Registered names, in registration order, as registered.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Registers (or replaces) a policy under <paramref name="name"/>.</summary>
    public CachePolicyFactory Register(string name, Func<ModelCatalog, Random, ICachePolicy> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        if (_creators.TryAdd(name, create))
        {
            _names.Add(name);
        }
        else
        {
            _creators[name] = create;
        }

        return this;
    }

    /// <summary>True when a policy is registered under <paramref name="name"/> (case-insensitive).</summary>
    public bool IsKnown(string name) => _creators.ContainsKey(name);

    /// <summary>The registered spelling of <paramref name="name"/>, or null when unknown.</summary>
    public string? CanonicalName(string name)
    {
        foreach (var known in _names)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>Creates the policy registered under <paramref name="name"/>; throws <see cref="ArgumentException"/> naming the known policies when unknown.</summary>
    public ICachePolicy Create(string name, ModelCatalog catalog, Random random)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_creators.TryGetValue(name, out var create))
        {
            throw new ArgumentException($"Unknown cache policy '{name}'; known policies: {string.Join(", ", _names)}.", nameof(name));
        }

        return create(catalog, random);
    }

    /// <summary>Creates a policy with a <see cref="Random"/> seeded by <paramref name="seed"/>.</summary>
    public ICachePolicy Create(string name, ModelCatalog catalog, int seed) => Create(name, catalog, new Random(seed));
}
