using System;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Adds tags to guests: a read-modify-write of the tags guarded by the configuration's digest, made again on what is there
    /// when someone changed the guest in between, so no concurrent edit is lost.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "PveVmTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PveVmConfig))]
    public sealed class AddPveVmTagCommand : PveConfigChangeCmdlet
    {
        /// <summary>The tags to add, in PVE's tag format (letters, digits, '_', '-', '+', '.'); a tag the guest has already is left as it is.</summary>
        [Parameter(Mandatory = true)]
        public string[] Tag { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            Change(session, _ => PveSession.CheckTags(Tag), $"Add the tag(s) {string.Join(", ", Tag)}", (vm, token) => session.ChangeTagsAsync(vm, Tag, System.Array.Empty<string>(), token));
        }
    }
}
