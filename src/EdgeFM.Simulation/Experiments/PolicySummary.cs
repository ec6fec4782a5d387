namespace EdgeFM.Simulation.Experiments;

/// <summary>One policy's runs and, per metric, the mean over runs and the 95% confidence half-width.</summary>
public sealed class PolicySummary
{
    private readonly double[] _means;
    private readonly double[] _halfWidths;

    /// <summary>Summarises <paramref name="runs"/> of the policy <paramref name="name"/>.</summary>
    public PolicySummary(string name, IReadOnlyList<RunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Name = name;
        Runs = runs;
        _means = new double[Metrics.All.Count];
        _halfWidths = new double[Metrics.All.Count];
        var values = new double[runs.Count];
        foreach (var metric in Metrics.All)
        {
            for (var i = 0; i < runs.Count; i++)
            {
                values[i] = Metrics.Value(runs[i].Costs, metric);
            }

            _means[(int)metric] = Statistics.Mean(values);
            _halfWidths[(int)metric] = Statistics.HalfWidth95(values);
        }
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The runs, in seed order.</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>Mean of <paramref name="metric"/> over the runs.</summary>
    public double Mean(Metric metric) => _means[(int)metric];

    /// <summary>Half-width of the 95% confidence interval of the mean of <paramref name="metric"/> (0 with one run).</summary>
    public double HalfWidth95(Metric metric) => _halfWidths[(int)metric];
}
