using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Deletes images from the PiKVM's storage.</summary>
    [Cmdlet(VerbsCommon.Remove, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemovePiKvmMsdImageCommand : PiKvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string[] Name { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            foreach (string name in Name)
            {
                if (!ShouldProcess($"{name} on {session.Server}", "Delete the image"))
                {
                    continue;
                }

                try
                {
                    Run(token => session.RemoveImageAsync(name, token));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, name);
                }
            }
        }
    }
}
