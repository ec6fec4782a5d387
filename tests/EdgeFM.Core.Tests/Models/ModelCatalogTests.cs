using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Ordinals_follow_catalog_order()
    {
        var catalog = TestCatalog.Create();
        Assert.Equal(4, catalog.Count);
        Assert.Equal(2, catalog.OrdinalOf(new ModelId("C")));
        Assert.Equal(-1, catalog.OrdinalOf(new ModelId("Z")));
        Assert.True(catalog.TryGet(new ModelId("D"), out var d));
        Assert.Equal(20 * TestCatalog.GB, d.MemoryBytes);
    }

    [Fact]
    public void Duplicate_ids_are_rejected_with_the_id()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ModelCatalog([TestCatalog.Model("A", 1), TestCatalog.Model("A", 2)]));
        Assert.Contains("'A'", ex.Message, StringComparison.Ordinal);
    }
}
