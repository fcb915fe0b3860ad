using System.IO;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Saves a screenshot of the machine behind the PiKVM as a JPEG file.</summary>
    [Cmdlet(VerbsData.Save, "PiKvmScreenshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SavePiKvmScreenshotCommand : PiKvmFleetCmdlet
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
            // Resolved like PowerShell's own file cmdlets: relative to the current location, providers' drives allowed.
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            var options = new PiKvmSnapshotOptions { AllowOffline = AllowOffline, MaxWidth = MaxWidth, MaxHeight = MaxHeight, Quality = Quality };
            OnEachDevice(
                session => Writable(path) && ShouldProcess(FileOf(path, session), "Save a screenshot"),
                async (session, token) =>
                {
                    string file = FileOf(path, session);
                    try
                    {
                        return await session.SaveSnapshotAsync(file, options, token).ConfigureAwait(false);
                    }
                    catch (System.Exception ex) when (ex is IOException || ex is System.UnauthorizedAccessException)
                    {
                        throw new KvmPveException(ErrorKind.WriteError, "PiKvmScreenshotNotWritten", $"The screenshot of {session.Server.Authority} could not be written to {file}: {ex.Message}", null, null, ex);
                    }
                },
                path);
        }

        /// <summary>Several PiKVMs need a folder (a file each): one file for all would keep only the last picture.</summary>
        private bool Writable(string path)
        {
            if (Devices > 1 && !Directory.Exists(path))
            {
                ThrowTerminatingError(KvmPveException.Invalid("PiKvmScreenshotFolder", $"-Path '{path}' is not a folder: with {Devices} PiKVMs give an existing folder, and each picture is saved there as HOST_PORT.jpg."), path);
            }

            return true;
        }

        /// <summary>The file for a device: the path itself, or in a folder (several PiKVMs) one file per device, HOST_PORT.jpg.</summary>
        private static string FileOf(string path, PiKvmSession session) =>
            Directory.Exists(path) ? System.IO.Path.Combine(path, $"{session.Server.Host}_{session.Server.Port}.jpg") : path;
    }
}
