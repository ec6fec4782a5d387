using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests.Models;

public sealed class AccuracyCurveTests
{
    [Fact]
    public void Zero_one_and_few_shot_follow_the_log_curve()
    {
        var curve = new AccuracyCurve(0.3, 0.05, 1);
        Assert.Equal(0.3, curve.Evaluate(0), 12);
        Assert.Equal(0.35, curve.Evaluate(1), 12);
        Assert.Equal(0.3 + (0.05 * Math.Log2(4)), curve.Evaluate(3), 12);
        Assert.Equal(0.3, curve.Evaluate(-2), 12);
    }

    [Fact]
    public void Shape_bends_the_curve_and_accuracy_is_capped_at_one()
    {
        var curve = new AccuracyCurve(0.3, 0.05, 2);
        Assert.Equal(0.3 + (0.05 * Math.Log2(1 + 9)), curve.Evaluate(3), 12);
        Assert.Equal(1, new AccuracyCurve(0.9, 0.5, 1).Evaluate(100));
    }
}
