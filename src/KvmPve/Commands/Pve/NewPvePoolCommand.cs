using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Creates a resource pool.</summary>
    [Cmdlet(VerbsCommon.New, "PvePool", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PvePool))]
    public sealed class NewPvePoolCommand : PveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = string.Empty;

        [Parameter]
        public string? Comment { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            CheckFirst(() => PveSession.CheckPool(Name), Name);
            if (!ShouldProcess(Name, "Create the pool"))
            {
                return;
            }

            try
            {
                WriteObject(Run(token => session.NewPoolAsync(Name, Comment, token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Name);
            }
        }
    }
}
