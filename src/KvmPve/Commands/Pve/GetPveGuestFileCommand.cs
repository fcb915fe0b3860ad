using System.IO;
using System.Management.Automation;
using System.Text;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Reads a file from VMs through the QEMU guest agent: as text, or byte for byte into -Destination.</summary>
    [Cmdlet(VerbsCommon.Get, "PveGuestFile", DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class GetPveGuestFileCommand : PveVmNameCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string GuestPath { get; set; } = string.Empty;

        /// <summary>A local file to write the bytes to (any bytes); without it the content is written as UTF-8 text.</summary>
        [Parameter]
        public string? Destination { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                try
                {
                    byte[] content = Run(token => session.ReadGuestFileAsync(vm, GuestPath, token));
                    if (Destination == null)
                    {
                        WriteObject(Encoding.UTF8.GetString(content));
                        continue;
                    }

                    // Written next to the target and moved into place: a failure leaves no half file.
                    string target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
                    string temporary = target + ".kvmpve-partial";
                    File.WriteAllBytes(temporary, content);
                    if (File.Exists(target))
                    {
                        File.Delete(target);
                    }

                    File.Move(temporary, target);
                    WriteObject(new FileInfo(target));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
                catch (IOException ex)
                {
                    WriteError(new ErrorRecord(ex, "PveGuestFileNotWritten", ErrorCategory.WriteError, Destination));
                }
            }
        }
    }
}
