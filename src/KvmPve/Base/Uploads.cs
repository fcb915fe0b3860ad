using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;

namespace KvmPve.Base
{
    /// <summary>What the PiKVM and PVE upload cmdlets share: finding the files, and a progress bar that costs the upload nothing.</summary>
    internal static class Uploads
    {
        /// <summary>Like PowerShell's own file cmdlets: -Path takes wildcards, -LiteralPath the name as it is; none found is an error.</summary>
        public static string[] ResolveFiles(PSCmdlet cmdlet, string? path, string? literalPath, string errorId)
        {
            if (literalPath != null)
            {
                return new[] { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(literalPath) };
            }

            try
            {
                return cmdlet.GetResolvedProviderPathFromPSPath(path, out _).ToArray();
            }
            catch (ItemNotFoundException ex)
            {
                cmdlet.WriteError(new ErrorRecord(ex, errorId, ErrorCategory.ObjectNotFound, path));
                return Array.Empty<string>();
            }
        }
    }

    /// <summary>An upload's progress bar: at most four records a second, posted to the pipeline thread.</summary>
    internal sealed class UploadProgress
    {
        private readonly KvmPveCmdlet _cmdlet;
        private readonly ProgressRecord _record;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private long _reported = -1;

        public UploadProgress(KvmPveCmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _record = new ProgressRecord(KvmPveCmdlet.NextProgressId(), activity, "starting");
        }

        public void Report(long done, long total)
        {
            long step = _watch.ElapsedMilliseconds / 250;
            if (step == _reported && done < total)
            {
                return;
            }

            _reported = step;
            _cmdlet.Post(() =>
            {
                // A total of -1: not known in advance (a compressed download), so no percentage.
                _record.PercentComplete = total < 0 ? -1 : total == 0 ? 100 : (int)(done * 100 / total);
                _record.StatusDescription = $"{done >> 20}{(total < 0 ? string.Empty : $" of {total >> 20}")} MiB, {done / Math.Max(0.001, _watch.Elapsed.TotalSeconds) / (1 << 20):F0} MiB/s";
                _cmdlet.WriteProgress(_record);
            });
        }

        public void Complete()
        {
            _record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_record);
        }
    }
}
