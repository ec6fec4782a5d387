namespace EdgeFM.Reports.Tests;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("LC", "lc")]
    [InlineData("My Policy (v2)", "my-policy-v2")]
    [InlineData("--LRU--", "lru")]
    [InlineData("ÉtéPolicy", "t-policy")]
    [InlineData("../../etc", "etc")]
    [InlineData("???", "x")]
    public void Slugs_are_lower_case_letters_digits_and_single_dashes(string name, string slug) =>
        Assert.Equal(slug, FileNames.Slug(name));
}
