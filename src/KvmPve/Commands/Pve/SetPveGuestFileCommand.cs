using System.IO;
using System.Management.Automation;
using System.Text;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Writes a file in VMs through the QEMU guest agent: a local file's bytes, or text as UTF-8.</summary>
    [Cmdlet(VerbsCommon.Set, "PveGuestFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(void))]
    public sealed class SetPveGuestFileCommand : PveVmNameCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string GuestPath { get; set; } = string.Empty;

        /// <summary>A local file whose bytes are written (any bytes).</summary>
        [Parameter]
        public string? Path { get; set; }

        /// <summary>Text written as UTF-8 (without a byte order mark).</summary>
        [Parameter]
        public string? Value { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            if ((Path == null) == (Value == null))
            {
                ThrowTerminatingError(KvmPveException.Invalid("PveGuestFileSource", "Give the content as -Path (a local file) or -Value (text), one of the two."), GuestPath);
            }

            byte[] content;
            try
            {
                content = Path != null ? File.ReadAllBytes(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path)) : new UTF8Encoding(false).GetBytes(Value!);
            }
            catch (IOException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "PveGuestFileNotRead", ErrorCategory.ReadError, Path));
                return;
            }

            foreach (PveVm vm in Guests(session))
            {
                if (!ShouldProcessGuest(vm, $"Write {content.Length} bytes to {GuestPath}"))
                {
                    continue;
                }

                try
                {
                    Run(token => session.WriteGuestFileAsync(vm, GuestPath, content, token));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
