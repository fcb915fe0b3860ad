using System.Text.RegularExpressions;

namespace KvmPve.HelpBuilder;

/// <summary>Reads the platyPS markdown layout (front matter, ## sections, ### items, fenced code and yaml).</summary>
public static partial class MarkdownHelpReader
{
    [GeneratedRegex(@"^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)")]
    private static partial Regex LinkPattern();

    public static CommandHelp Read(string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        var help = new CommandHelp();
        int i = 0;
        if (lines.Length > 0 && lines[0] == "---")
        {
            i = Array.IndexOf(lines, "---", 1) + 1;
        }

        string section = string.Empty;
        for (; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                help.Name = line[2..].Trim();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                i = ReadItem(help, section, line[4..].Trim(), lines, i + 1) - 1;
            }
            else if (line.StartsWith("```", StringComparison.Ordinal))
            {
                int end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                end = end < 0 ? lines.Length : end;
                (section == "NOTES" ? help.Notes : help.Description).Add(string.Join("\n", lines[(i + 1)..end]));
                i = end;
            }
            else if (!string.IsNullOrWhiteSpace(line))
            {
                List<string>? target = section switch
                {
                    "SYNOPSIS" => null,
                    "DESCRIPTION" => help.Description,
                    "NOTES" => help.Notes,
                    _ => null,
                };
                if (section == "SYNOPSIS")
                {
                    help.Synopsis = (help.Synopsis + " " + line.Trim()).Trim();
                }
                else if (section == "RELATED LINKS" && LinkPattern().Match(line.Trim()) is { Success: true } link)
                {
                    help.Links.Add((link.Groups["text"].Value, link.Groups["uri"].Value));
                }
                else if (target != null)
                {
                    i = ReadParagraph(lines, i, target) - 1;
                }
            }
        }

        return help;
    }

    private static int ReadItem(CommandHelp help, string section, string title, string[] lines, int i)
    {
        switch (section)
        {
            case "SYNTAX":
                help.ParameterSets.Add(title.EndsWith(" (Default)", StringComparison.Ordinal) ? title[..^10] : title);
                return SkipBlock(lines, i);
            case "EXAMPLES":
                var example = new ExampleHelp { Title = title };
                help.Examples.Add(example);
                return ReadBody(lines, i, example.Remarks, code => example.Code = example.Code.Length == 0 ? code : example.Code + "\n\n" + code);
            case "PARAMETERS":
                if (title == "CommonParameters")
                {
                    return SkipBlock(lines, i);
                }

                var parameter = new ParameterHelp { Name = title.TrimStart('-') };
                help.Parameters.Add(parameter);
                return ReadBody(lines, i, parameter.Description, yaml => ReadYaml(parameter, yaml));
            case "INPUTS":
            case "OUTPUTS":
                var type = new TypeHelp { Name = title };
                (section == "INPUTS" ? help.Inputs : help.Outputs).Add(type);
                return ReadBody(lines, i, type.Description, _ => { });
            default:
                return SkipBlock(lines, i);
        }
    }

    /// <summary>Paragraphs and fenced blocks up to the next heading.</summary>
    private static int ReadBody(string[] lines, int i, List<string> paragraphs, Action<string> onFence)
    {
        while (i < lines.Length && !lines[i].StartsWith('#'))
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                int end = i + 1;
                while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal))
                {
                    end++;
                }

                onFence(string.Join("\n", lines[(i + 1)..end]));
                i = end + 1;
            }
            else if (string.IsNullOrWhiteSpace(lines[i]))
            {
                i++;
            }
            else
            {
                i = ReadParagraph(lines, i, paragraphs);
            }
        }

        return i;
    }

    private static int ReadParagraph(string[] lines, int i, List<string> paragraphs)
    {
        var text = new List<string>();
        while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]) && !lines[i].StartsWith('#') && !lines[i].StartsWith("```", StringComparison.Ordinal))
        {
            // Each list item is a paragraph of its own in MAML.
            if (text.Count > 0 && (lines[i].StartsWith("- ", StringComparison.Ordinal) || lines[i].StartsWith("* ", StringComparison.Ordinal)))
            {
                break;
            }

            text.Add(lines[i].Trim());
            i++;
        }

        paragraphs.Add(string.Join(" ", text));
        return i;
    }

    private static int SkipBlock(string[] lines, int i)
    {
        bool fenced = false;
        while (i < lines.Length && (fenced || !lines[i].StartsWith('#')))
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }

            i++;
        }

        return i;
    }

    private static void ReadYaml(ParameterHelp parameter, string yaml)
    {
        foreach (string line in yaml.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "Type": parameter.Type = value; break;
                case "Parameter Sets": parameter.Sets.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); break;
                case "Aliases": parameter.Aliases = value; break;
                case "Accepted values": parameter.AcceptedValues.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); break;
                case "Required": parameter.Required = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
                case "Position": parameter.Position = value; break;
                case "Default value": parameter.DefaultValue = value; break;
                case "Accept pipeline input": parameter.PipelineInput = value; break;
                case "Accept wildcard characters": parameter.Wildcards = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
            }
        }
    }
}
