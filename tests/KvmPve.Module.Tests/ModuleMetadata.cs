using System.Reflection;
using System.Runtime.InteropServices;

namespace KvmPve.Module.Tests;

/// <summary>The published module's assemblies, loaded for inspection only (PowerShell cannot run here).</summary>
public sealed class ModuleMetadata : IDisposable
{
    public ModuleMetadata()
    {
        ModuleFolder = Path.Combine(AppContext.BaseDirectory, "module", "KvmPve");
        string sma = Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll");
        var paths = Directory.GetFiles(ModuleFolder, "*.dll")
            .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
            .Append(sma);
        Context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Module = Context.LoadFromAssemblyPath(Path.Combine(ModuleFolder, "KvmPve.dll"));
        Core = Context.LoadFromAssemblyPath(Path.Combine(ModuleFolder, "KvmPve.Core.dll"));
        Automation = Context.LoadFromAssemblyPath(sma);
        Cmdlets = Module.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute")))
            .Where(c => c.Attribute != null)
            .Select(c => new CmdletInfo(c.Type, c.Attribute!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public string ModuleFolder { get; }

    public MetadataLoadContext Context { get; }

    public Assembly Module { get; }

    public Assembly Core { get; }

    public Assembly Automation { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "KvmPve.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("KvmPve.sln not found");
        }
    }

    public void Dispose() => Context.Dispose();
}

/// <summary>One cmdlet class as PowerShell would see it.</summary>
public sealed class CmdletInfo(Type type, CustomAttributeData attribute)
{
    public Type Type { get; } = type;

    public string Verb { get; } = (string)attribute.ConstructorArguments[0].Value!;

    public string Noun { get; } = (string)attribute.ConstructorArguments[1].Value!;

    public string Name => Verb + "-" + Noun;

    public bool SupportsShouldProcess => attribute.NamedArguments.Any(a => a.MemberName == "SupportsShouldProcess" && (bool)a.TypedValue.Value!);

    public string? ConfirmImpact => attribute.NamedArguments.Where(a => a.MemberName == "ConfirmImpact").Select(a => a.TypedValue.Value?.ToString()).FirstOrDefault();

    public IEnumerable<CustomAttributeData> Attributes(string fullName) => Type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == fullName);

    public IReadOnlyList<ParameterInfo> Parameters =>
        Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => p.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute")
                .Select(a => new ParameterInfo(p, a)))
            .ToList();
}

/// <summary>One [Parameter] of a cmdlet property (one per parameter set).</summary>
public sealed class ParameterInfo(PropertyInfo property, CustomAttributeData attribute)
{
    public PropertyInfo Property { get; } = property;

    public string Name => Property.Name;

    public string SetName => Named<string>("ParameterSetName") ?? "__AllParameterSets";

    public bool Mandatory => Named<bool>("Mandatory");

    public int? Position => attribute.NamedArguments.Any(a => a.MemberName == "Position") ? Named<int>("Position") : null;

    public bool ByValue => Named<bool>("ValueFromPipeline");

    public bool ByPropertyName => Named<bool>("ValueFromPipelineByPropertyName");

    /// <summary>The type name the way platyPS writes it.</summary>
    public string TypeName
    {
        get
        {
            Type type = Property.PropertyType;
            if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            {
                type = type.GetGenericArguments()[0];
            }

            return type.Name;
        }
    }

    public IEnumerable<CustomAttributeData> Attributes(string fullName) => Property.GetCustomAttributesData().Where(a => a.AttributeType.FullName == fullName);

    private T? Named<T>(string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => (T?)a.TypedValue.Value).FirstOrDefault();
}
