using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Deletes images from the PiKVM's storage.</summary>
    [Cmdlet(VerbsCommon.Remove, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemovePiKvmMsdImageCommand : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string[] Name { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (string name in Name)
            {
                OnEachDevice(
                    session => ShouldProcess($"{name} on {session.Server}", "Delete the image"),
                    async (session, token) =>
                    {
                        await session.RemoveImageAsync(name, token).ConfigureAwait(false);
                        return null;
                    },
                    name);
            }
        }
    }
}
