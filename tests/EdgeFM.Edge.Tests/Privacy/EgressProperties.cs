using System.Globalization;
using System.Text.RegularExpressions;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Privacy;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Edge.Tests.Privacy;

/// <summary>Property-generated texts carrying coordinates, user ids and other users' demonstrations; none passes the filter.</summary>
public sealed partial class EgressProperties
{
    private static readonly string[] Filler = ["please", "find", "quiet", "dinner", "museum", "open", "tonight", "near", "tickets", "weather", "bus", "route"];
    private static readonly string[] DemoWords = ["allergic", "peanuts", "daughter", "wheelchair", "violin", "harbour", "cousin", "pharmacy", "birthday", "marathon", "ferry", "vegan"];

    internal static Gen<GeoPoint> Points { get; } =
        from lat in Gen.Choose(-90_000_000, 90_000_000)
        from lon in Gen.Choose(-180_000_000, 180_000_000)
        select new GeoPoint(lat / 1e6, lon / 1e6);

    /// <summary>Renderings of a point the filter must catch without knowing the point.</summary>
    internal static string Render(GeoPoint p, int format, int decimals)
    {
        var lat = Math.Round(p.Latitude, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
        var lon = Math.Round(p.Longitude, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
        return format switch
        {
            0 => $"{lat}, {lon}",
            1 => $"{lat} {lon}",
            2 => $"lat={lat}&lon={lon}",
            3 => $"{Dms(p.Latitude, 'N', 'S')} {Dms(p.Longitude, 'E', 'W')}",
            4 => $"{Math.Abs(p.Latitude).ToString("F4", CultureInfo.InvariantCulture)}° {(p.Latitude < 0 ? 'S' : 'N')}",
            5 => $"latitude: {lat}, longitude: {lon}",
            6 => $"{p.Latitude.ToString("F4", CultureInfo.InvariantCulture)} and {p.Longitude.ToString("F4", CultureInfo.InvariantCulture)}",
            _ => $"{p.Latitude.ToString("F5", CultureInfo.InvariantCulture).Replace('.', ',')} / {p.Longitude.ToString("F5", CultureInfo.InvariantCulture).Replace('.', ',')}",
        };

        static string Dms(double value, char positive, char negative)
        {
            var a = Math.Abs(value);
            var degrees = (int)a;
            var minutes = (int)((a - degrees) * 60);
            var seconds = (int)((((a - degrees) * 60) - minutes) * 60);
            return string.Create(CultureInfo.InvariantCulture, $"{degrees}°{minutes}'{seconds}\"{(value < 0 ? negative : positive)}");
        }
    }

    /// <summary>
    /// Whether a decimal number (with a fractional part) within <paramref name="tolerance"/> of either coordinate, or a
    /// degree sign, is left. Whole numbers do not count: the local-time fact holds several (day, hour, year), and a whole
    /// number near a coordinate is a coincidence that reveals nothing finer than a degree.
    /// </summary>
    internal static bool LeaksPoint(string text, GeoPoint p, double tolerance) =>
        text.Contains('°', StringComparison.Ordinal)
        || DecimalPattern().Matches(text).Any(m =>
        {
            var value = Math.Abs(double.Parse(m.Value.Replace(',', '.'), CultureInfo.InvariantCulture));
            return Math.Abs(value - Math.Abs(p.Latitude)) < tolerance || Math.Abs(value - Math.Abs(p.Longitude)) < tolerance;
        });

    private static Gen<string> Words(string[] vocabulary, int min, int max) =>
        from n in Gen.Choose(min, max)
        from words in Gen.ArrayOf(Gen.Elements(vocabulary), n)
        select string.Join(' ', words);

    [Fact]
    public void Coordinates_never_pass_even_when_the_filter_does_not_know_the_point()
    {
        var cases =
            from p in Points
            from format in Gen.Choose(0, 7)
            from decimals in Gen.Choose(2, 6)
            from before in Words(Filler, 0, 5)
            from after in Words(Filler, 0, 5)
            select (p, text: $"{before} {Render(p, format, decimals)} {after}");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
            !LeaksPoint(EgressFilter.Instance.Filter(c.text, new EgressContext()).Text, c.p, 0.001)));
    }

    [Fact]
    public void Coordinates_of_the_request_never_pass_at_any_precision()
    {
        var cases =
            from p in Points
            from decimals in Gen.Choose(1, 6)
            from alone in Gen.Elements(true, false)
            from words in Words(Filler, 0, 4)
            let lat = p.Latitude.ToString("F" + decimals, CultureInfo.InvariantCulture)
            let lon = p.Longitude.ToString("F" + decimals, CultureInfo.InvariantCulture)
            select (p, text: alone ? $"{words} {lat} {words} {lon}" : $"{words} {Render(p, 0, decimals)}");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
            !LeaksPoint(EgressFilter.Instance.Filter(c.text, new EgressContext { Location = c.p }).Text, c.p, EgressFilter.PointTolerance / 2)));
    }

    [Fact]
    public void User_ids_and_other_users_demonstrations_never_pass()
    {
        var cases =
            from id in Gen.Choose(1000, 99_999_999)
            from upper in Gen.Elements(true, false)
            from demo in Words(DemoWords, 6, 14)
            from start in Gen.Choose(0, 8)
            from length in Gen.Choose(EgressFilter.DemonstrationRun, 14)
            from before in Words(Filler, 0, 5)
            from after in Words(Filler, 0, 5)
            select (id, upper, demo, start, length, before, after);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var user = new UserId($"user-{c.id}");
            var words = c.demo.Split(' ');
            var start = Math.Min(c.start, words.Length - EgressFilter.DemonstrationRun);
            var run = string.Join(' ', words.Skip(start).Take(c.length));
            var other = new StoredDemonstration(1, new ModelId("m"), new UserId("someone-else"), true, "", DateTimeOffset.UnixEpoch, "a prompt of theirs", c.demo);
            var text = $"{c.before} {(c.upper ? user.Value.ToUpperInvariant() : user.Value)} {run}, someone-else {c.after}";
            var result = EgressFilter.Instance.Filter(text, new EgressContext { UserIds = [user, other.User], ForeignDemonstrations = [other] }).Text;
            var left = result.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
            var grams = Enumerable.Range(0, Math.Max(0, left.Length - EgressFilter.DemonstrationRun + 1))
                .Select(i => string.Join(' ', left.Skip(i).Take(EgressFilter.DemonstrationRun)));
            return !result.Contains(user.Value, StringComparison.OrdinalIgnoreCase)
                && !result.Contains("someone-else", StringComparison.OrdinalIgnoreCase)
                && !grams.Any(g => c.demo.Contains(g, StringComparison.Ordinal));
        }));
    }

    [GeneratedRegex(@"\d+[.,]\d+")]
    private static partial Regex DecimalPattern();
}
