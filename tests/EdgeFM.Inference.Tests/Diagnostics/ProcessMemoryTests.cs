using EdgeFM.Inference.Diagnostics;

namespace EdgeFM.Inference.Tests.Diagnostics;

public sealed class ProcessMemoryTests
{
    [Fact]
    public void Peak_is_at_least_the_current_resident_memory()
    {
        var resident = ProcessMemory.ResidentBytes();
        var peak = ProcessMemory.PeakResidentBytes();

        Assert.True(resident > 1_000_000, $"a .NET process holds megabytes, got {resident} bytes");
        Assert.True(peak >= resident, $"peak {peak} < resident {resident}");
    }

    [Fact]
    public void Touching_memory_raises_the_resident_and_peak_figures()
    {
        const int bytes = 48 << 20;
        var before = ProcessMemory.PeakResidentBytes();
        var block = GC.AllocateUninitializedArray<byte>(bytes);
        for (var i = 0; i < block.Length; i += 4096)
        {
            block[i] = 1; // one write per page makes it resident
        }

        var resident = ProcessMemory.ResidentBytes();
        var peak = ProcessMemory.PeakResidentBytes();
        GC.KeepAlive(block);

        Assert.True(resident >= bytes, $"resident {resident} should hold the {bytes} touched bytes");
        Assert.True(peak >= before && peak >= resident, $"peak {peak} should cover the resident {resident} and the earlier peak {before}");
    }
}
