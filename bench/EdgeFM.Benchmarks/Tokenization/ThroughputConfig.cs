using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace EdgeFM.Benchmarks.Tokenization;

/// <summary>Adds the MB/s column (<see cref="MegabytesPerSecondColumn"/>) and groups results by category.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new MegabytesPerSecondColumn());
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        SummaryStyle = SummaryStyle.Default;
    }
}
