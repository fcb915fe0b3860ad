using System.Xml.Linq;

namespace KvmPve.Module.Tests;

public class FormatTests(ModuleMetadata module) : IClassFixture<ModuleMetadata>
{
    private readonly XDocument _format = XDocument.Load(Path.Combine(module.ModuleFolder, "KvmPve.Format.ps1xml"));

    private IEnumerable<string> ViewTypes => _format.Descendants("TypeName").Select(t => t.Value.Trim());

    [Fact]
    public void Every_view_is_for_a_type_the_module_has()
    {
        var types = module.Core.GetTypes().Concat(module.Module.GetTypes()).Select(t => t.FullName).ToHashSet();
        Assert.All(ViewTypes, name => Assert.Contains(name, types));
    }

    [Fact]
    public void Every_kvmpve_type_a_cmdlet_outputs_has_a_view()
    {
        var outputs = module.Cmdlets
            .SelectMany(c => c.Attributes("System.Management.Automation.OutputTypeAttribute"))
            .SelectMany(a => a.ConstructorArguments.SelectMany(arg => arg.Value is IEnumerable<System.Reflection.CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value]))
            .OfType<Type>()
            .Where(t => t.Namespace == "KvmPve")
            .Select(t => t.FullName!)
            .Distinct()
            .ToList();
        Assert.Contains("KvmPve.PiKvmLogEntry", outputs);
        Assert.All(outputs, name => Assert.Contains(name, ViewTypes));
    }

    [Fact]
    public void Every_property_a_view_names_exists()
    {
        foreach (XElement view in _format.Descendants("View"))
        {
            Type type = module.Core.GetType(view.Descendants("TypeName").Single().Value.Trim())!;
            var properties = type.GetProperties().Select(p => p.Name).ToHashSet();
            Assert.All(view.Descendants("PropertyName").Select(p => p.Value), p => Assert.Contains(p, properties));
        }
    }
}
