using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Lists the volumes on a storage: ISOs, templates, backups, disk images.</summary>
    [Cmdlet(VerbsCommon.Get, "PveStorageContent")]
    [OutputType(typeof(PveStorageItem))]
    public sealed class GetPveStorageContentCommand : PveCmdlet
    {
        /// <summary>The storage; binds from a PveStorage piped in (its Name).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string Storage { get; set; } = string.Empty;

        /// <summary>The node to read it on; for a local storage on several nodes, required.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Node { get; set; }

        [Parameter]
        [ValidateSet("iso", "vztmpl", "backup", "images", "rootdir", "snippets", "import")]
        public string? Content { get; set; }

        [Parameter]
        [ValidateRange(100, 999999999)]
        public int? VmId { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetStorageContentAsync(Storage, Node, Content, VmId, token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Storage);
            }
        }
    }
}
