using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Uploads an image file to the PiKVM (streamed, with progress), or has the PiKVM download one.</summary>
    [Cmdlet(VerbsCommon.Add, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PiKvmMsdImage))]
    public sealed class AddPiKvmMsdImageCommand : PiKvmCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string UrlSet = "Url";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        public string LiteralPath { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = UrlSet)]
        public Uri? Url { get; set; }

        [Parameter]
        public string? Name { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            if (ParameterSetName == UrlSet)
            {
                AddFromUrl(session, Url!);
                return;
            }

            foreach (string file in ResolveFiles())
            {
                Upload(session, file);
            }
        }

        private string[] ResolveFiles()
        {
            // Like PowerShell's own file cmdlets: -Path takes wildcards, -LiteralPath takes the name as it is.
            if (ParameterSetName == LiteralPathSet)
            {
                return new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(LiteralPath) };
            }

            try
            {
                return GetResolvedProviderPathFromPSPath(Path, out _).ToArray();
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, "PiKvmMsdFileNotFound", ErrorCategory.ObjectNotFound, Path));
                return Array.Empty<string>();
            }
        }

        private void Upload(PiKvmSession session, string file)
        {
            if (!File.Exists(file))
            {
                WriteError(new ErrorRecord(new FileNotFoundException($"There is no file '{file}'.", file), "PiKvmMsdFileNotFound", ErrorCategory.ObjectNotFound, file));
                return;
            }

            string name = Name ?? System.IO.Path.GetFileName(file);
            if (!ShouldProcess($"{name} on {session.Server}", Force ? $"Upload {file} (replacing any image of that name)" : $"Upload {file}"))
            {
                return;
            }

            var progress = new ProgressRecord(1, $"Uploading {name} to {session.Server.Host}", "starting");
            var watch = Stopwatch.StartNew();
            long reported = -1;
            try
            {
                PiKvmMsdImage image = Run(token => session.UploadAsync(file, name, Force, (done, total) =>
                {
                    // At most a few records a second: progress must not slow the upload.
                    long step = watch.ElapsedMilliseconds / 250;
                    if (step == reported && done < total)
                    {
                        return;
                    }

                    reported = step;
                    Post(() =>
                    {
                        progress.PercentComplete = total == 0 ? 100 : (int)(done * 100 / total);
                        progress.StatusDescription = $"{done >> 20} of {total >> 20} MiB";
                        WriteProgress(progress);
                    });
                }, token));
                WriteObject(image);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, file);
            }
            catch (IOException ex)
            {
                WriteError(new ErrorRecord(ex, "PiKvmMsdFileNotRead", ErrorCategory.ReadError, file));
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        private void AddFromUrl(PiKvmSession session, Uri url)
        {
            string name = Name ?? System.IO.Path.GetFileName(url.AbsolutePath);
            if (!ShouldProcess($"{name} on {session.Server}", $"Download {url} on the PiKVM"))
            {
                return;
            }

            var progress = new ProgressRecord(1, $"The PiKVM downloads {name}", "starting");
            try
            {
                WriteObject(Run(token => session.UploadFromUrlAsync(url, name, (done, total) => Post(() =>
                {
                    progress.PercentComplete = total is long t && t > 0 ? (int)(done * 100 / t) : -1;
                    progress.StatusDescription = $"{done >> 20} MiB";
                    WriteProgress(progress);
                }), token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, url);
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }
    }
}
