namespace KvmPve.HelpBuilder;

/// <summary>Which files come from which: docs/*.md → en-US/KvmPve.dll-Help.xml, docs/about_*.md → en-US/about_*.help.txt.</summary>
public static class HelpFiles
{
    public static IReadOnlyDictionary<string, string> Build(string root)
    {
        string docs = Path.Combine(root, "docs");
        string[] pages = Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal).ToArray();
        var outputs = new Dictionary<string, string>
        {
            [Path.Combine("en-US", "KvmPve.dll-Help.xml")] = MamlWriter.Write(pages
                .Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.Ordinal))
                .Select(p => MarkdownHelpReader.Read(File.ReadAllText(p)))),
        };
        foreach (string about in pages.Where(p => Path.GetFileName(p).StartsWith("about_", StringComparison.Ordinal)))
        {
            outputs[Path.Combine("en-US", Path.GetFileNameWithoutExtension(about) + ".help.txt")] = AboutHelp.Write(File.ReadAllText(about));
        }

        return outputs;
    }
}
