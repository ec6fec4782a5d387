using EdgeFM.Inference.Diagnostics;

namespace EdgeFM.Inference.Tests.Diagnostics;

[Collection(nameof(ProcessWideCollection))]
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
        const int bytes = 64 << 20;

        // Memory other tests freed is otherwise returned to the system in the background, possibly while this test
        // measures; an aggressive blocking collection returns it now, so the baseline stays put.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var residentBefore = ProcessMemory.ResidentBytes();
        var block = GC.AllocateUninitializedArray<byte>(bytes);
        for (var i = 0; i < block.Length; i += 4096)
        {
            block[i] = 1; // one write per page makes it resident
        }

        var resident = ProcessMemory.ResidentBytes();
        var peak = ProcessMemory.PeakResidentBytes();
        GC.KeepAlive(block);

        // Half the touched bytes as the bar: other tests in this process may free memory meanwhile.
        Assert.True(resident - residentBefore >= bytes / 2, $"resident grew from {residentBefore} to {resident} after touching {bytes} bytes");
        Assert.True(peak >= resident && peak - residentBefore >= bytes / 2, $"peak {peak} should cover the resident {resident} and the touched bytes");
    }
}
