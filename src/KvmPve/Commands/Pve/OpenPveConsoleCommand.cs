using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Opens a VM's console outside the browser: -Spice writes remote-viewer's .vv file (and starts remote-viewer with -Launch).</summary>
    [Cmdlet(VerbsCommon.Open, "PveConsole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveSpiceFile))]
    public sealed class OpenPveConsoleCommand : PveVmNameCmdlet
    {
        /// <summary>A SPICE console: the .vv file of PVE's spiceproxy (the VM needs a SPICE display, vga qxl).</summary>
        [Parameter(Mandatory = true)]
        public SwitchParameter Spice { get; set; }

        /// <summary>Where to write the .vv file; by default pve-spice-VMID.vv in the temporary folder.</summary>
        [Parameter]
        public string? Path { get; set; }

        /// <summary>The SPICE proxy remote-viewer goes through; by default this session's server.</summary>
        [Parameter]
        public string? Proxy { get; set; }

        /// <summary>Start remote-viewer (virt-viewer) on the file.</summary>
        [Parameter]
        public SwitchParameter Launch { get; set; }

        protected override void ProcessRecord()
        {
            string? viewer = Launch ? RemoteViewer() : null;
            if (Launch && viewer == null)
            {
                ThrowTerminatingError(new KvmPveException(ErrorKind.ObjectNotFound, "PveRemoteViewerNotFound",
                    "-Launch needs remote-viewer, which is not on the PATH. Install virt-viewer (https://virt-manager.org/download), or leave out -Launch and open the .vv file yourself."), null);
            }

            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                string path = GetUnresolvedProviderPathFromPSPath(Path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pve-spice-{vm.VmId}.vv"));
                if (!ShouldProcessGuest(vm, $"Write a SPICE connection file to {path}{(Launch ? " and start remote-viewer" : string.Empty)}"))
                {
                    continue;
                }

                try
                {
                    PveSpiceFile file = Run(token => session.SaveSpiceFileAsync(vm, path, Proxy, token));
                    if (viewer != null)
                    {
                        Process.Start(new ProcessStartInfo(viewer, "\"" + file.Path + "\"") { UseShellExecute = false })?.Dispose();
                    }

                    WriteObject(file);
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(ex, "PveSpiceFileNotWritten", ErrorCategory.WriteError, path));
                }
            }
        }

        /// <summary>remote-viewer on the PATH (remote-viewer.exe on Windows), or null.</summary>
        private static string? RemoteViewer()
        {
            string name = Environment.OSVersion.Platform == PlatformID.Win32NT ? "remote-viewer.exe" : "remote-viewer";
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
            {
                string candidate = System.IO.Path.Combine(folder, name);
                if (folder.Length > 0 && File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
