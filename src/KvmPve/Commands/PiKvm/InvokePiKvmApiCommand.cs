using System.Collections;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Any kvmd endpoint, with the session's authentication, TLS and error handling.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject), typeof(string), typeof(byte[]))]
    public sealed class InvokePiKvmApiCommand : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet("Get", "Post", "Put", "Delete", "Patch")]
        public string Method { get; set; } = "Get";

        [Parameter(Mandatory = true, Position = 1)]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public Hashtable? Query { get; set; }

        [Parameter]
        public object? Body { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                // Anything but GET may change the PiKVM or the machine behind it.
                session => string.Equals(Method, "Get", System.StringComparison.OrdinalIgnoreCase) || ShouldProcess($"{session.Server} {Path}", $"{Method.ToUpperInvariant()} request"),
                async (session, token) => await session.InvokeAsync(Method, Path, (IDictionary?)PSObjectBuilder.Unwrap(Query), PSObjectBuilder.Unwrap(Body), token).ConfigureAwait(false),
                Path);
    }
}
