using EdgeFM.Core.Caching;
using EdgeFM.Core.Cluster;
using YamlDotNet.RepresentationModel;

namespace EdgeFM.Simulation.Scenarios;

/// <summary>The <c>cluster</c> and <c>compare</c> sections.</summary>
public static partial class ScenarioLoader
{
    private static ClusterSettings ReadCluster(YamlFields fields)
    {
        var c = fields.Mapping("cluster", required: false);
        if (c is null)
        {
            return new ClusterSettings();
        }

        var d = new ClusterSettings();
        var cooperation = c.Text("cooperation", required: false, "on or off");
        var assignment = c.Text("assignment", required: false, "nearest or spread");
        var settings = new ClusterSettings
        {
            Cooperation = cooperation is not null && OnOff(c, "cooperation", cooperation),
            Link = new InterEdgeLink(
                c.Number("interEdgeLatencyMs", d.Link.LatencySeconds * 1000, 0, unit: " (milliseconds)") / 1000,
                c.Number("interEdgeBandwidthMBps", d.Link.BandwidthBytesPerSecond / 1e6, 0, exclusiveMin: true, unit: " (MB/s)") * 1e6),
            Assignment = assignment switch
            {
                null => d.Assignment,
                _ when string.Equals(assignment, "nearest", StringComparison.OrdinalIgnoreCase) => UserAssignment.Nearest,
                _ when string.Equals(assignment, "spread", StringComparison.OrdinalIgnoreCase) => UserAssignment.Spread,
                _ => throw c.Error(c.Node, c.Field("assignment"), $"unknown assignment '{assignment}'; expected nearest (users attach to the nearest edge) or spread (users spread evenly over the edges)."),
            },
            Policy = ReadCooperativePolicy(c),
        };
        c.Finish();
        return settings;
    }

    private static CooperativePolicyOptions ReadCooperativePolicy(YamlFields cluster)
    {
        var d = new CooperativePolicyOptions();
        var protect = cluster.Text("protectLastCopy", required: false, "on or off");
        var prefetch = cluster.Text("prefetch", required: false, "on or off");
        var heldByPeers = cluster.Text("prefetchHeldByPeers", required: false, "on or off");
        var f = cluster.Mapping("forecast", required: false);
        var options = new CooperativePolicyOptions
        {
            ProtectLastCopy = protect is null ? d.ProtectLastCopy : OnOff(cluster, "protectLastCopy", protect),
            Prefetch = prefetch is null ? d.Prefetch : OnOff(cluster, "prefetch", prefetch),
            PrefetchHeldByPeers = heldByPeers is null ? d.PrefetchHeldByPeers : OnOff(cluster, "prefetchHeldByPeers", heldByPeers),
            PeriodSeconds = f?.Number("periodSeconds", d.PeriodSeconds, 0, exclusiveMin: true, unit: " (seconds)") ?? d.PeriodSeconds,
            Alpha = f?.Number("alpha", d.Alpha, 0, 1, exclusiveMin: true) ?? d.Alpha,
            Beta = f?.Number("beta", d.Beta, 0, 1, exclusiveMin: true) ?? d.Beta,
            MinDemand = f?.Number("minDemand", d.MinDemand, 0, unit: " (requests per period)") ?? d.MinDemand,
            PrefetchMinDemand = f?.Number("prefetchMinDemand", d.PrefetchMinDemand, 0, exclusiveMin: true, unit: " (requests per period)") ?? d.PrefetchMinDemand,
        };
        f?.Finish();
        return options;
    }

    private static ClusterComparison? ReadCompare(YamlFields fields)
    {
        var c = fields.Mapping("compare", required: false);
        if (c is null)
        {
            return null;
        }

        var edgesNode = c.Sequence("edges", required: true, "a list of cluster sizes, e.g. [1, 4, 16]")!;
        var edges = new List<int>();
        for (var i = 0; i < edgesNode.Children.Count; i++)
        {
            var text = c.ItemText(edgesNode, i, "edges");
            if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) || count is < 1 or > 10_000)
            {
                throw c.Error(edgesNode.Children[i], $"{c.Field("edges")}[{i}]", $"expected a number of edges between 1 and 10000 but found '{text}'.");
            }

            edges.Add(count);
        }

        var cooperation = new List<bool>();
        var cooperationNode = c.Sequence("cooperation", required: false, "a list of on/off");
        if (cooperationNode is null)
        {
            cooperation.AddRange([false, true]);
        }
        else
        {
            for (var i = 0; i < cooperationNode.Children.Count; i++)
            {
                cooperation.Add(OnOff(c, $"cooperation[{i}]", c.ItemText(cooperationNode, i, "cooperation"), cooperationNode.Children[i]));
            }
        }

        c.Finish();
        return new ClusterComparison(edges, cooperation);
    }

    private static bool OnOff(YamlFields fields, string key, string text, YamlNode? node = null)
    {
        if (text is "on" or "true" or "yes")
        {
            return true;
        }

        return text is "off" or "false" or "no"
            ? false
            : throw fields.Error(node ?? fields.Node, fields.Field(key), $"expected on or off but found '{text}'.");
    }
}
