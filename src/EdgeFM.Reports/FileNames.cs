using System.Text;

namespace EdgeFM.Reports;

/// <summary>File-name parts made from user-given names (policies, scenarios).</summary>
public static class FileNames
{
    /// <summary>
    /// <paramref name="name"/> in lower case with every run of characters other than ASCII letters and digits replaced
    /// by one dash (no leading or trailing dash); "x" when nothing is left.
    /// </summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().TrimEnd('-');
        return text.Length == 0 ? "x" : text;
    }
}
