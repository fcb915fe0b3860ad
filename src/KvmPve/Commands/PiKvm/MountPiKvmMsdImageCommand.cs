using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Connects an image to the machine as a CD-ROM or flash drive (disconnecting another one first).</summary>
    [Cmdlet(VerbsData.Mount, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmMsdState))]
    public sealed class MountPiKvmMsdImageCommand : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = string.Empty;

        [Parameter]
        public PiKvmMsdMedia Media { get; set; } = PiKvmMsdMedia.Cdrom;

        [Parameter]
        public SwitchParameter ReadWrite { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"the machine behind {session.Server}", $"Connect {Name} as a {(ReadWrite ? "writable " : string.Empty)}{Media}"),
                async (session, token) => await session.MountAsync(Name, Media, ReadWrite, token).ConfigureAwait(false),
                Name);
    }
}
