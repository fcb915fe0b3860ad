using System.Text;

namespace KvmPve.HelpBuilder;

/// <summary>Turns docs/about_*.md into the plain text Get-Help about_… shows (headings in capitals, text indented).</summary>
public static class AboutHelp
{
    public static string Write(string markdown)
    {
        var text = new StringBuilder();
        bool fenced = false;
        foreach (string raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced && raw.StartsWith('#'))
            {
                text.Append(raw.TrimStart('#').Trim().ToUpperInvariant()).Append('\n');
            }
            else
            {
                text.Append(raw.Length == 0 ? string.Empty : (fenced ? "        " : "    ") + raw).Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }
}
