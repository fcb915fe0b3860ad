using System.Collections;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Any Proxmox VE API path, with the session's authentication, CSRF, renewal, TLS and error handling.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PveApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject), typeof(string), typeof(long), typeof(double), typeof(bool))]
    public sealed class InvokePveApiCommand : PveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet("Get", "Post", "Put", "Delete")]
        public string Method { get; set; } = "Get";

        [Parameter(Mandatory = true, Position = 1)]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public Hashtable? Parameter { get; set; }

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
                object? result = Run(token => session.InvokeAsync(Method, Path, (IDictionary?)PSObjectBuilder.Unwrap(Parameter), token));
                WriteObject(result, result is object[]);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Path);
            }
        }
    }
}
