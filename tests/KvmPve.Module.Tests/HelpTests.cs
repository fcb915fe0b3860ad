using System.Reflection;
using System.Xml.Linq;
using KvmPve.HelpBuilder;

namespace KvmPve.Module.Tests;

public class HelpTests(ModuleMetadata module) : IClassFixture<ModuleMetadata>
{
    private static readonly string Docs = Path.Combine(ModuleMetadata.Root, "docs");

    public static TheoryData<string> CmdletNames()
    {
        using var metadata = new ModuleMetadata();
        return new TheoryData<string>(metadata.Cmdlets.Select(c => c.Name));
    }

    private static CommandHelp Page(string name)
    {
        string path = Path.Combine(Docs, name + ".md");
        Assert.True(File.Exists(path), $"docs/{name}.md is missing");
        return MarkdownHelpReader.Read(File.ReadAllText(path));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_a_page_with_synopsis_description_and_a_real_example(string name)
    {
        CommandHelp help = Page(name);
        Assert.Equal(name, help.Name);
        Assert.False(string.IsNullOrWhiteSpace(help.Synopsis));
        Assert.DoesNotContain("{{", help.Synopsis + string.Join(" ", help.Description));
        Assert.NotEmpty(help.Description);
        Assert.NotEmpty(help.Examples);
        Assert.All(help.Examples, e => Assert.Contains(name, e.Code));
        Assert.NotEmpty(help.Outputs);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_is_documented_as_the_cmdlet_declares_it(string name)
    {
        CmdletInfo cmdlet = module.Cmdlets.Single(c => c.Name == name);
        CommandHelp help = Page(name);
        var declared = cmdlet.Parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First());
        var expectedNames = declared.Keys.Concat(cmdlet.SupportsShouldProcess ? ["WhatIf", "Confirm"] : []).Order(StringComparer.Ordinal);
        Assert.Equal(expectedNames, help.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));

        foreach (ParameterHelp doc in help.Parameters.Where(p => declared.ContainsKey(p.Name)))
        {
            ParameterInfo real = declared[doc.Name];
            string where = $"{name} -{doc.Name}";
            Assert.True(real.TypeName == doc.Type, $"{where}: type {real.TypeName}, documented {doc.Type}");
            Assert.True(real.Mandatory == doc.Required, $"{where}: required {real.Mandatory}, documented {doc.Required}");
            Assert.True((real.Position?.ToString() ?? "Named") == doc.Position, $"{where}: position {real.Position}, documented {doc.Position}");
            Assert.True(PipelineText(real) == doc.PipelineInput, $"{where}: pipeline {PipelineText(real)}, documented {doc.PipelineInput}");
            Assert.True(AcceptedValues(real).SequenceEqual(doc.AcceptedValues), $"{where}: accepted values {string.Join(",", AcceptedValues(real))}, documented {string.Join(",", doc.AcceptedValues)}");
            Assert.NotEmpty(doc.Description);
        }
    }

    [Fact]
    public void The_maml_and_about_files_are_built_from_the_docs()
    {
        foreach ((string relative, string content) in HelpFiles.Build(ModuleMetadata.Root))
        {
            string committed = File.ReadAllText(Path.Combine(ModuleMetadata.Root, relative)).Replace("\r\n", "\n");
            Assert.True(content == committed, $"{relative} is stale: run ./build.ps1 -Task Help (or dotnet run --project tools/KvmPve.HelpBuilder)");
            Assert.Equal(committed, File.ReadAllText(Path.Combine(module.ModuleFolder, relative)).Replace("\r\n", "\n"));
        }
    }

    [Fact]
    public void The_maml_names_every_cmdlet_and_parameter()
    {
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var xml = XDocument.Load(Path.Combine(module.ModuleFolder, "en-US", "KvmPve.dll-Help.xml"));
        var commands = xml.Root!.Elements(command + "command").ToDictionary(c => c.Element(command + "details")!.Element(command + "name")!.Value);
        Assert.Equal(module.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), commands.Keys.Order(StringComparer.Ordinal));
        foreach (CmdletInfo cmdlet in module.Cmdlets)
        {
            var documented = commands[cmdlet.Name].Element(command + "parameters")!.Elements(command + "parameter").Select(p => p.Element(maml + "name")!.Value).ToHashSet();
            Assert.All(cmdlet.Parameters, p => Assert.Contains(p.Name, documented));
        }
    }

    [Fact]
    public void The_about_topic_exists()
    {
        Assert.True(File.Exists(Path.Combine(Docs, "about_KvmPve.md")));
        Assert.Contains("SHORT DESCRIPTION", File.ReadAllText(Path.Combine(module.ModuleFolder, "en-US", "about_KvmPve.help.txt")));
    }

    private static string PipelineText(ParameterInfo p) => (p.ByPropertyName, p.ByValue) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByPropertyName)",
        (false, true) => "True (ByValue)",
        _ => "False",
    };

    private static IEnumerable<string> AcceptedValues(ParameterInfo p)
    {
        CustomAttributeData? set = p.Attributes("System.Management.Automation.ValidateSetAttribute").FirstOrDefault();
        if (set != null)
        {
            return ((IEnumerable<CustomAttributeTypedArgument>)set.ConstructorArguments[0].Value!).Select(v => (string)v.Value!);
        }

        Type type = p.Property.PropertyType;
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            type = type.GetGenericArguments()[0];
        }

        return type.IsEnum ? type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name) : [];
    }
}
