using System;
using System.IO;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Uploads an image file to the PiKVM (streamed, with progress), or has the PiKVM download one.</summary>
    [Cmdlet(VerbsCommon.Add, "PiKvmMsdImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PiKvmMsdImage))]
    public sealed class AddPiKvmMsdImageCommand : PiKvmFleetCmdlet
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

        /// <summary>A folder in the PiKVM's storage for the image (kvmd's prefix): the image is listed as prefix/name.</summary>
        [Parameter]
        public string? Prefix { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == UrlSet)
            {
                AddFromUrl(Url!);
                return;
            }

            foreach (string file in Uploads.ResolveFiles(this, ParameterSetName == LiteralPathSet ? null : Path, ParameterSetName == LiteralPathSet ? LiteralPath : null, "PiKvmMsdFileNotFound"))
            {
                Upload(file);
            }
        }

        /// <summary>One file to every PiKVM side by side, each streamed from the file on its own, with a progress bar each.</summary>
        private void Upload(string file)
        {
            if (!File.Exists(file))
            {
                WriteError(new ErrorRecord(new FileNotFoundException($"There is no file '{file}'.", file), "PiKvmMsdFileNotFound", ErrorCategory.ObjectNotFound, file));
                return;
            }

            string name = Prefixed(Name ?? System.IO.Path.GetFileName(file));
            OnEachDevice(
                session => ShouldProcess($"{name} on {session.Server}", Force ? $"Upload {file} (replacing any image of that name)" : $"Upload {file}"),
                async (session, token) =>
                {
                    var progress = new UploadProgress(this, $"Uploading {name} to {session.Server.Host}");
                    try
                    {
                        return await session.UploadAsync(file, name, Force, progress.Report, token).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw new KvmPveException(ErrorKind.ReadError, "PiKvmMsdFileNotRead", $"{file} could not be read for {session.Server.Authority}: {ex.Message}", null, null, ex);
                    }
                    finally
                    {
                        Post(progress.Complete);
                    }
                },
                file);
        }

        private void AddFromUrl(Uri url)
        {
            string name = Prefixed(Name ?? System.IO.Path.GetFileName(url.AbsolutePath));
            OnEachDevice(
                session => ShouldProcess($"{name} on {session.Server}", $"Download {url} on the PiKVM"),
                async (session, token) =>
                {
                    // kvmd may not know the size: an unknown total shows no percentage.
                    var progress = new UploadProgress(this, $"{session.Server.Host} downloads {name}");
                    try
                    {
                        return await session.UploadFromUrlAsync(url, name, (done, total) => progress.Report(done, total ?? -1), token).ConfigureAwait(false);
                    }
                    finally
                    {
                        Post(progress.Complete);
                    }
                },
                url);
        }

        // kvmd joins prefix and image with '/' and drops empty parts (valid_msd_image_name): the same name is sent here,
        // so every check before the upload knows the name the image will have.
        private string Prefixed(string name) => string.IsNullOrEmpty(Prefix) ? name : Prefix!.Trim('/') + "/" + name;
    }
}
