using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EdgeFM.Benchmarks.Tokenization;

/// <summary>Throughput in 10^6 UTF-8 bytes of input text per second: the input's size over the mean time per operation.</summary>
internal sealed class MegabytesPerSecondColumn : IColumn
{
    public string Id => nameof(MegabytesPerSecondColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Input text (UTF-8) in 10^6 bytes per second of the mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        var input = benchmarkCase.Parameters["Input"] as string;
        if (report?.ResultStatistics is not { } statistics || input is null)
        {
            return "-";
        }

        var seconds = statistics.Mean / 1e9;
        return (TokenizerInputs.Utf8Bytes(input) / seconds / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
