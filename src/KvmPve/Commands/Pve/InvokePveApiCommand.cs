using System.Collections;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Any Proxmox VE API path, with the session's authentication, CSRF, renewal, TLS and error handling; path, method
    /// and parameters checked against PVE's schema before anything is sent.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PveApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject), typeof(string), typeof(long), typeof(double), typeof(bool))]
    public sealed class InvokePveApiCommand : PveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet("Get", "Post", "Put", "Delete")]
        public string Method { get; set; } = "Get";

        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(Completion.PveApiPathCompleter))]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        [ArgumentCompleter(typeof(Completion.PveApiParameterCompleter))]
        public Hashtable? Parameter { get; set; }

        /// <summary>Send without checking path and parameters against PVE 9.1's schema (for an endpoint a newer PVE has).</summary>
        [Parameter]
        public SwitchParameter SkipSchemaCheck { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            // Anything but GET may change the cluster.
            if (!string.Equals(Method, "Get", System.StringComparison.OrdinalIgnoreCase)
                && !ShouldProcess($"{session.Server} {Path}", $"{Method.ToUpperInvariant()} request"))
            {
                return;
            }

            try
            {
                object? result = Run(token => session.InvokeAsync(Method, Path, (IDictionary?)PSObjectBuilder.Unwrap(Parameter), token, SkipSchemaCheck));
                WriteObject(result, result is object[]);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Path);
            }
        }
    }
}
