namespace EdgeFM.Simulation.Workloads;

/// <summary>Samples an index with given weights in O(1) (Vose's alias method); built once, allocation-free to sample.</summary>
internal sealed class AliasSampler
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public AliasSampler(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        if (n == 0)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        double total = 0;
        foreach (var w in weights)
        {
            total += w;
        }

        _probability = new double[n];
        _alias = new int[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }

        while (large.Count > 0)
        {
            _probability[large.Pop()] = 1;
        }

        while (small.Count > 0)
        {
            _probability[small.Pop()] = 1;
        }
    }

    public int Count => _probability.Length;

    /// <summary>Draws an index from one uniform variate in [0, 1).</summary>
    public int Sample(double uniform)
    {
        var scaled = uniform * _probability.Length;
        var column = (int)scaled;
        if (column >= _probability.Length)
        {
            column = _probability.Length - 1;
        }

        return scaled - column < _probability[column] ? column : _alias[column];
    }

    /// <summary>Zipf weights 1/k^s for ranks k = 1..n.</summary>
    public static double[] ZipfWeights(int n, double skew)
    {
        var weights = new double[n];
        for (var k = 0; k < n; k++)
        {
            weights[k] = 1 / Math.Pow(k + 1, skew);
        }

        return weights;
    }
}
