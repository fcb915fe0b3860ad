using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Opens a VM's console outside the browser: -Vnc a local bridge any VNC viewer connects to; -Spice remote-viewer's
    /// .vv file (and remote-viewer itself with -Launch).
    /// </summary>
    [Cmdlet(VerbsCommon.Open, "PveConsole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveConsoleBridge), typeof(PveSpiceFile), typeof(PveTextConsole))]
    public sealed class OpenPveConsoleCommand : PveVmNameCmdlet
    {
        /// <summary>A VNC console: a bridge on 127.0.0.1 that any VNC viewer connects to, with the bridge's password.</summary>
        [Parameter]
        public SwitchParameter Vnc { get; set; }

        /// <summary>The bridge's local port; 0 (the default) takes any free one.</summary>
        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        /// <summary>A text console (a VM's serial port, a container's console) the session keeps for Wait-/Send-PveConsoleText, opened now so nothing it prints from here on is missed.</summary>
        [Parameter]
        public SwitchParameter Text { get; set; }

        /// <summary>With -Text, the VM's serial port; by default the one PVE picks.</summary>
        [Parameter]
        [ValidateSet("serial0", "serial1", "serial2", "serial3")]
        public string? Serial { get; set; }

        /// <summary>A SPICE console: the .vv file of PVE's spiceproxy (the VM needs a SPICE display, vga qxl).</summary>
        [Parameter]
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
            if ((Vnc ? 1 : 0) + (Spice ? 1 : 0) + (Text ? 1 : 0) != 1)
            {
                ThrowTerminatingError(KvmPveException.Invalid("PveConsoleKind", "Say which console: -Vnc (a local bridge for any VNC viewer), -Spice (remote-viewer's file) or -Text (a serial or container console)."), null);
            }

            if (!Spice && (Path != null || Proxy != null || Launch) || !Vnc && Port != 0 || !Text && Serial != null)
            {
                ThrowTerminatingError(KvmPveException.Invalid("PveConsoleKind", "-Path, -Proxy and -Launch go with -Spice; -Port with -Vnc; -Serial with -Text."), null);
            }

            string? viewer = Launch ? RemoteViewer() : null;
            if (Launch && viewer == null)
            {
                ThrowTerminatingError(new KvmPveException(ErrorKind.ObjectNotFound, "PveRemoteViewerNotFound",
                    "-Launch needs remote-viewer, which is not on the PATH. Install virt-viewer (https://virt-manager.org/download), or leave out -Launch and open the .vv file yourself."), null);
            }

            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                string? path = Spice ? GetUnresolvedProviderPathFromPSPath(Path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pve-spice-{vm.VmId}.vv")) : null;
                string action = Spice ? $"Write a SPICE connection file to {path}{(Launch ? " and start remote-viewer" : string.Empty)}"
                    : Text ? $"Open its text console{(Serial == null ? string.Empty : " on " + Serial)}"
                    : Port == 0 ? "Open a VNC bridge on 127.0.0.1" : $"Open a VNC bridge on 127.0.0.1:{Port}";
                if (!ShouldProcessGuest(vm, action))
                {
                    continue;
                }

                try
                {
                    WriteObject(Run(token => OpenAsync(session, vm, path, viewer, token)));
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

        /// <summary>The console of the kind asked for: a text console, a VNC bridge, or a SPICE file (and remote-viewer on it).</summary>
        private async System.Threading.Tasks.Task<object> OpenAsync(PveSession session, PveVm vm, string? path, string? viewer, System.Threading.CancellationToken token)
        {
            if (Text)
            {
                return await session.TextConsoleAsync(vm, Serial, token).ConfigureAwait(false);
            }

            if (Vnc)
            {
                return await session.OpenConsoleBridgeAsync(vm, Port, token).ConfigureAwait(false);
            }

            PveSpiceFile file = await session.SaveSpiceFileAsync(vm, path!, Proxy, token).ConfigureAwait(false);
            if (viewer != null)
            {
                Process.Start(new ProcessStartInfo(viewer, "\"" + file.Path + "\"") { UseShellExecute = false })?.Dispose();
            }

            return file;
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
