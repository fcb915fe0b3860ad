using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Deletes resource pools; PVE refuses a pool that still has members.</summary>
    [Cmdlet(VerbsCommon.Remove, "PvePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemovePvePoolCommand : PveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string[] Name { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (string name in Name)
            {
                CheckFirst(() => PveSession.CheckPool(name), name);
                if (!ShouldProcess(name, "Delete the pool"))
                {
                    continue;
                }

                try
                {
                    Run(token => session.RemovePoolAsync(name, token));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, name);
                }
            }
        }
    }
}
