using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Saves a VM's screen as a PNG, read from its VNC console through the API (VM.Console; no SSH, no monitor).</summary>
    [Cmdlet(VerbsData.Save, "PveVmScreenshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveScreenshot))]
    public sealed class SavePveVmScreenshotCommand : PveVmNameCmdlet
    {
        /// <summary>The PNG file; with several VMs, a folder (each VM's file is VMID.png there).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            string target = GetUnresolvedProviderPathFromPSPath(Path);
            foreach (PveVm vm in Guests(session))
            {
                string file = System.IO.Directory.Exists(target) ? System.IO.Path.Combine(target, vm.VmId + ".png") : target;
                if (!ShouldProcessGuest(vm, $"Save its screen to {file}"))
                {
                    continue;
                }

                try
                {
                    WriteObject(Run(token => session.SaveScreenshotAsync(vm, file, token)));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
                catch (System.IO.IOException ex)
                {
                    WriteError(new ErrorRecord(ex, "PveScreenshotNotWritten", ErrorCategory.WriteError, file));
                }
            }
        }
    }
}
