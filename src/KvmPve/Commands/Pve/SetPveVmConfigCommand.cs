using System.Collections;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Sets and deletes guests' configuration keys, each checked against PVE's schema for the guest's type before any
    /// request. A digest (from Get-PveVmConfig piped in, or -Digest) makes a concurrent edit an error, not an overwrite.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "PveVmConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveVmConfig))]
    public sealed class SetPveVmConfigCommand : PveConfigChangeCmdlet
    {
        [Parameter]
        public Hashtable? Parameter { get; set; }

        [Parameter]
        public string[]? Delete { get; set; }

        /// <summary>The configuration's digest as read; PVE refuses the change when the configuration changed since.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Digest { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            var values = (IDictionary?)PSObjectBuilder.Unwrap(Parameter);
            string change = string.Join("; ", new[]
            {
                values is { Count: > 0 } ? "set " + string.Join(", ", values.Keys.Cast<object>()) : null,
                Delete is { Length: > 0 } ? "delete " + string.Join(", ", Delete) : null,
            }.Where(s => s != null));
            Change(session, vm => PveSession.ConfigPairs(vm.Type, values, Delete), $"Change the configuration: {change}",
                (vm, token) => session.SetConfigAsync(vm, values, Delete, Digest, token));
        }
    }
}
