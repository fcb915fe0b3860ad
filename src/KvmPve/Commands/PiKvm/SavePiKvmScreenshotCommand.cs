using System.IO;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Saves a screenshot of the machine behind the PiKVM as a JPEG file.</summary>
    [Cmdlet(VerbsData.Save, "PiKvmScreenshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SavePiKvmScreenshotCommand : PiKvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter AllowOffline { get; set; }

        [Parameter]
        [ValidateRange(1, 16384)]
        public int? MaxWidth { get; set; }

        [Parameter]
        [ValidateRange(1, 16384)]
        public int? MaxHeight { get; set; }

        [Parameter]
        [ValidateRange(1, 100)]
        public int? Quality { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            // Resolved like PowerShell's own file cmdlets: relative to the current location, providers' drives allowed.
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, "Save a screenshot"))
            {
                return;
            }

            var options = new PiKvmSnapshotOptions { AllowOffline = AllowOffline, MaxWidth = MaxWidth, MaxHeight = MaxHeight, Quality = Quality };
            try
            {
                WriteObject(Run(token => session.SaveSnapshotAsync(path, options, token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, path);
            }
            catch (IOException ex)
            {
                WriteError(new ErrorRecord(ex, "PiKvmScreenshotNotWritten", ErrorCategory.WriteError, path));
            }
            catch (System.UnauthorizedAccessException ex)
            {
                WriteError(new ErrorRecord(ex, "PiKvmScreenshotNotWritten", ErrorCategory.PermissionDenied, path));
            }
        }
    }
}
