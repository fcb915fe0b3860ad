using System;
using System.IO;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Uploads files to PVE storage (streamed, with progress), or has PVE download one by URL. With -Wait, PVE's copy
    /// or download task is waited for and the new volume is written.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "PveStorageContent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PveTask), typeof(PveStorageItem))]
    public sealed class AddPveStorageContentCommand : PveCmdlet
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

        [Parameter(Mandatory = true)]
        public string Storage { get; set; } = string.Empty;

        /// <summary>The node whose storage it goes to; found from the storage when it is on one node or shared.</summary>
        [Parameter]
        public string? Node { get; set; }

        [Parameter]
        [ValidateSet("iso", "vztmpl", "import")]
        public string Content { get; set; } = "iso";

        /// <summary>The volume's file name; the local file's (or the URL's) name by default.</summary>
        [Parameter]
        public string? FileName { get; set; }

        [Parameter]
        public string? Checksum { get; set; }

        [Parameter]
        [ValidateSet("md5", "sha1", "sha224", "sha256", "sha384", "sha512")]
        public string? ChecksumAlgorithm { get; set; }

        /// <summary>Replace a volume of that name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: how long PVE's copy or download task, and the volume's appearing, are waited for before an OperationTimeout error (the task goes on on PVE).</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int WaitTimeoutSec { get; set; } = 3600;

        /// <summary>How long the upload may stall (PVE taking no data) before it is stopped; the transfer itself may take as long as it takes.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 60;

        private TaskStarter? _tasks;

        // One starter for the whole call: files upload one after another, and PVE's copy tasks are waited for together.
        protected override void BeginProcessing() => _tasks = new TaskStarter(this, Wait, 8, "Waiting for PVE to store the uploads", WaitTimeoutSec);

        protected override void EndProcessing() => _tasks!.Finish();

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            if (ParameterSetName == UrlSet)
            {
                Add(session, Request(System.IO.Path.GetFileName(Url!.AbsolutePath)), $"Have PVE download {Url}", null);
                return;
            }

            foreach (string file in Uploads.ResolveFiles(this, ParameterSetName == LiteralPathSet ? null : Path, ParameterSetName == LiteralPathSet ? LiteralPath : null, "PveUploadFileNotFound"))
            {
                if (!File.Exists(file))
                {
                    WriteError(new ErrorRecord(new FileNotFoundException($"There is no file '{file}'.", file), "PveUploadFileNotFound", ErrorCategory.ObjectNotFound, file));
                    continue;
                }

                Add(session, Request(System.IO.Path.GetFileName(file)), $"Upload {file}", file);
            }
        }

        private PveUploadRequest Request(string defaultName) => new PveUploadRequest
        {
            Storage = Storage, Node = Node, Content = Content, FileName = FileName ?? defaultName, Checksum = Checksum, ChecksumAlgorithm = ChecksumAlgorithm, Force = Force,
        };

        private void Add(PveSession session, PveUploadRequest upload, string action, string? file)
        {
            object target = (object?)file ?? Url!;
            try
            {
                PveSession.CheckUploadName(upload);
            }
            catch (Errors.KvmPveException ex)
            {
                WriteError(ex, target);
                return;
            }

            if (!ShouldProcess($"{upload.Storage}:{upload.Content}/{upload.FileName}{(Node == null ? string.Empty : " on " + Node)}", Force ? action + " (replacing any volume of that name)" : action))
            {
                return;
            }

            var progress = new UploadProgress(this, $"Uploading {upload.FileName} to {upload.Storage}");
            try
            {
                _tasks!.Start(target, token => file == null
                        ? session.DownloadUrlAsync(Url!, upload, token)
                        : session.UploadAsync(file, upload, TimeSpan.FromSeconds(TimeoutSec), progress.Report, token),
                    outcome: (_, token) => session.UploadedAsync(upload, token));
            }
            finally
            {
                progress.Complete();
            }
        }
    }
}
