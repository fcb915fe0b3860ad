using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace KvmPve
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no binding redirects for a module's dependencies, so
    /// System.Text.Json and its helpers would fail on version mismatches: load them from the module folder by name.
    /// PowerShell 7 resolves them itself, and nothing is hooked there.
    /// </summary>
    public sealed class ModuleAssemblyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleAssemblyResolver).Assembly.Location) ?? string.Empty;

        private static bool OnNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            if (OnNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            if (OnNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string path = Path.Combine(ModuleFolder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
