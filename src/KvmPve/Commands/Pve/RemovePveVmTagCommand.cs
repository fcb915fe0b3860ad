using System;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Removes tags from guests: a read-modify-write of the tags guarded by the configuration's digest, made again on what is there
    /// when someone changed the guest in between, so no concurrent edit is lost.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PveVmTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveVmConfig))]
    public sealed class RemovePveVmTagCommand : PveConfigChangeCmdlet
    {
        /// <summary>The tags to remove; wildcards allowed. A tag the guest does not have is no error.</summary>
        [Parameter(Mandatory = true)]
        [SupportsWildcards]
        public string[] Tag { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            Change(session, _ => { }, $"Remove the tag(s) {string.Join(", ", Tag)}", (vm, token) => session.ChangeTagsAsync(vm, System.Array.Empty<string>(), Tag, token));
        }
    }
}
