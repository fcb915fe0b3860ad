using System.Reflection;
using System.Text.RegularExpressions;

namespace KvmPve.Module.Tests;

public partial class ManifestTests(ModuleMetadata module) : IClassFixture<ModuleMetadata>
{
    private readonly string _manifest = File.ReadAllText(Path.Combine(ModuleMetadata.Root, "KvmPve.psd1"));

    [GeneratedRegex(@"(?<key>\w+)\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.Singleline)]
    private static partial Regex ListPattern();

    [GeneratedRegex(@"(?<key>\w+)\s*=\s*'(?<value>[^']*)'")]
    private static partial Regex ValuePattern();

    private string[] List(string key) => ListPattern().Matches(_manifest)
        .Where(m => m.Groups["key"].Value == key)
        .SelectMany(m => Regex.Matches(m.Groups["items"].Value, "'([^']*)'").Select(i => i.Groups[1].Value))
        .ToArray();

    private string Value(string key) => ValuePattern().Matches(_manifest).First(m => m.Groups["key"].Value == key).Groups["value"].Value;

    [Fact]
    public void Cmdlets_to_export_are_exactly_the_cmdlets_found()
    {
        Assert.Equal(module.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), List("CmdletsToExport").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_file_the_manifest_names_is_in_the_publish_output()
    {
        string[] named = [Value("RootModule"), .. List("FormatsToProcess"), .. List("FileList")];
        Assert.Contains("KvmPve.dll", named);
        Assert.All(named, f => Assert.True(File.Exists(Path.Combine(module.ModuleFolder, f)), $"{f} is named by KvmPve.psd1 but not published"));
    }

    [Fact]
    public void The_published_manifest_is_the_repository_one()
    {
        Assert.Equal(_manifest, File.ReadAllText(Path.Combine(module.ModuleFolder, "KvmPve.psd1")));
    }

    [Fact]
    public void The_module_version_matches_the_assembly_version()
    {
        Version manifest = Version.Parse(Value("ModuleVersion"));
        Version assembly = module.Module.GetName().Version!;
        Assert.Equal((manifest.Major, manifest.Minor, manifest.Build), (assembly.Major, assembly.Minor, assembly.Build));
    }

    [Fact]
    public void It_loads_on_windows_powershell_and_powershell_7()
    {
        Assert.Equal("5.1", Value("PowerShellVersion"));
        Assert.Equal(["Core", "Desktop"], List("CompatiblePSEditions").Order(StringComparer.Ordinal));
        string framework = module.Module.GetCustomAttributesData()
            .Single(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute").ConstructorArguments[0].Value!.ToString()!;
        Assert.Equal(".NETStandard,Version=v2.0", framework);
    }
}

public class DependencyTests(ModuleMetadata module) : IClassFixture<ModuleMetadata>
{
    // What PowerShell 7.4 loads before any module: asking for more fails at the first call.
    private static readonly Dictionary<string, Version> PowerShell74 = new()
    {
        ["System.Text.Json"] = new Version(8, 0, 0, 0),
        ["System.Text.Encodings.Web"] = new Version(8, 0, 0, 0),
        ["Microsoft.Bcl.AsyncInterfaces"] = new Version(8, 0, 0, 0),
    };

    [Fact]
    public void No_shipped_or_referenced_assembly_asks_for_more_than_powershell_7_4_ships()
    {
        var shipped = Directory.GetFiles(module.ModuleFolder, "*.dll").Select(module.Context.LoadFromAssemblyPath).ToList();
        Assert.Contains(shipped, a => a.GetName().Name == "System.Text.Json");
        foreach (Assembly assembly in shipped)
        {
            foreach (AssemblyName name in assembly.GetReferencedAssemblies().Append(assembly.GetName()))
            {
                if (PowerShell74.TryGetValue(name.Name!, out Version? limit))
                {
                    Assert.True(name.Version <= limit, $"{assembly.GetName().Name} uses {name.Name} {name.Version}, above PowerShell 7.4's {limit}");
                }

                Assert.False(name.Name == "System.Runtime" && name.Version!.Major > 8, $"{assembly.GetName().Name} was built for a runtime newer than PowerShell 7.4's");
            }
        }
    }

    [Fact]
    public void The_powershell_reference_is_not_shipped()
    {
        Assert.False(File.Exists(Path.Combine(module.ModuleFolder, "System.Management.Automation.dll")));
    }
}
