using System.Text;
using System.Xml.Linq;

namespace KvmPve.HelpBuilder;

/// <summary>Writes MAML the way platyPS's New-ExternalHelp lays it out, so Get-Help shows every part.</summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static string Write(IEnumerable<CommandHelp> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(CommandElement));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        var text = new StringBuilder();
        using (var writer = new Utf8StringWriter(text))
        {
            document.Save(writer);
        }

        return text.ToString().Replace("\r\n", "\n") + "\n";
    }

    private static XElement CommandElement(CommandHelp help)
    {
        string[] verbNoun = help.Name.Split('-', 2);
        var sets = help.ParameterSets.Count > 0 ? help.ParameterSets : ["(All)"];
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", verbNoun[0]),
                new XElement(Command + "noun", verbNoun.Length > 1 ? verbNoun[1] : string.Empty),
                Description([help.Synopsis])),
            Description(help.Description),
            new XElement(Command + "syntax", sets.Select(set =>
                new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", help.Name),
                    help.Parameters.Where(p => p.InSet(set)).Select(p => Parameter(p, forSyntax: true))))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, forSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(e =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paragraphs(e.Remarks))))),
            new XElement(Command + "relatedLinks", help.Links.Select(l =>
                new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri)))));
    }

    private static XElement Parameter(ParameterHelp p, bool forSyntax)
    {
        bool isSwitch = p.Type == "SwitchParameter";
        var element = new XElement(Command + "parameter",
            new XAttribute("required", p.Required ? "true" : "false"),
            new XAttribute("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Wildcards ? "true" : "false"),
            new XAttribute("pipelineInput", p.PipelineInput),
            new XAttribute("position", p.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : p.Position),
            new XAttribute("aliases", p.Aliases.Length == 0 ? "none" : p.Aliases),
            new XElement(Maml + "name", p.Name),
            Description(p.Description));
        if (p.AcceptedValues.Count > 0 && forSyntax)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                p.AcceptedValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v))));
        }

        if (!isSwitch || !forSyntax)
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", isSwitch ? "false" : "true"), new XAttribute("variableLength", "false"), p.Type));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", p.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", p.DefaultValue));
        return element;
    }

    private static XElement TypeElement(string name, TypeHelp type) =>
        new(Command + name,
            new XElement(Dev + "type", new XElement(Maml + "name", type.Name)),
            Description(type.Description));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs)
    {
        var list = paragraphs.Where(p => p.Length > 0).ToList();
        return list.Count == 0 ? [new XElement(Maml + "para")] : list.Select(p => new XElement(Maml + "para", p));
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
