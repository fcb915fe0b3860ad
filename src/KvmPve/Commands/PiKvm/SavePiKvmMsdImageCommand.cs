using System.IO;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>
    /// Reads a virtual-media image back from the PiKVM into a file (a flash drive the machine wrote to, say), streamed
    /// with progress, optionally compressed by kvmd; a failure or Ctrl+C leaves no half file.
    /// </summary>
    [Cmdlet(VerbsData.Save, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SavePiKvmMsdImageCommand : PiKvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = string.Empty;

        /// <summary>The file, or a folder to save it in by its name (with .xz or .zst when compressed); the current folder by default.</summary>
        [Parameter(Position = 1)]
        public string? Path { get; set; }

        [Parameter]
        [ValidateSet("none", "lzma", "zstd")]
        public string Compress { get; set; } = "none";

        /// <summary>Replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            string leaf = System.IO.Path.GetFileName(Name) + (Compress == "lzma" ? ".xz" : Compress == "zstd" ? ".zst" : string.Empty);
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path ?? ".");
            if (Directory.Exists(path))
            {
                path = System.IO.Path.Combine(path, leaf);
            }

            if (File.Exists(path) && !Force)
            {
                WriteError(new ErrorRecord(new IOException($"{path} exists. Pass -Force to replace it, or give another -Path."), "PiKvmMsdFileExists", ErrorCategory.ResourceExists, path));
                return;
            }

            if (!ShouldProcess(path, $"Save the image {Name}{(Compress == "none" ? string.Empty : " (" + Compress + ")")}"))
            {
                return;
            }

            var progress = new UploadProgress(this, $"Reading {Name} from {session.Server}");
            try
            {
                WriteObject(Run(token => session.SaveImageAsync(Name, path, Compress, (done, total) => progress.Report(done, total ?? -1), token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Name);
            }
            catch (IOException ex)
            {
                WriteError(new ErrorRecord(ex, "PiKvmMsdFileNotWritten", ErrorCategory.WriteError, path));
            }
            finally
            {
                progress.Complete();
            }
        }
    }
}
