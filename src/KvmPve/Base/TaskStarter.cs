using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>
    /// Starts a cmdlet's PVE tasks, one per input. When it waits, each task starts as its input arrives, at most the
    /// throttle at once, and all are waited for together in <see cref="Finish"/>, each written as it ends; otherwise the
    /// started task is written at once.
    /// </summary>
    internal sealed class TaskStarter
    {
        private readonly PveCmdlet _cmdlet;
        private readonly PveTaskBatch? _batch;
        private readonly BatchProgress? _progress;
        private readonly TimeSpan _timeout;

        /// <summary>The starter of a cmdlet's tasks; when it waits, each task's wait ends after <paramref name="timeoutSec"/> (-WaitTimeoutSec).</summary>
        public TaskStarter(PveCmdlet cmdlet, bool wait, int throttleLimit, string activity, int timeoutSec)
        {
            _cmdlet = cmdlet;
            _timeout = TimeSpan.FromSeconds(timeoutSec);
            if (wait)
            {
                _batch = new PveTaskBatch(throttleLimit);
                _progress = new BatchProgress(cmdlet, activity);
            }
        }

        /// <summary>Starts one task for <paramref name="item"/>; its errors are that item's.</summary>
        public void Start(object item, Func<CancellationToken, Task<PveTask>> start, string? exclusive = null, Func<PveTask, CancellationToken, Task<object?>>? outcome = null,
            TimeSpan? timeout = null)
        {
            try
            {
                if (_batch != null)
                {
                    // Returns once the task is started (after a free slot); meanwhile the others' events are written.
                    Waiting(() => _cmdlet.Run(token => _batch.PumpUntilAsync(_batch.StartAsync(item, start, token, exclusive, outcome, timeout ?? _timeout), Report, token)));
                    return;
                }

                _cmdlet.WriteObject(_cmdlet.Run(start));
            }
            catch (KvmPveException ex)
            {
                _cmdlet.WriteError(ErrorRecords.From(ex, item));
            }
        }

        /// <summary>When waiting: waits for every task still running, writing each as it ends.</summary>
        public void Finish()
        {
            if (_batch == null)
            {
                return;
            }

            try
            {
                Waiting(() => _cmdlet.Run(token => _batch.PumpUntilAsync(_batch.WhenAllAsync(token), Report, token)));
            }
            finally
            {
                _progress!.Close();
            }
        }

        /// <summary>
        /// Runs a wait; when Ctrl+C or a downstream Select-Object -First stops it, says which tasks go on on PVE. The
        /// pipeline takes no more writes then, so it goes to the host, as PowerShell's own notices do.
        /// </summary>
        private void Waiting(Action wait)
        {
            try
            {
                wait();
            }
            catch (PipelineStoppedException)
            {
                IReadOnlyList<PveTask> left = _batch!.RunningTasks;
                if (left.Count > 0)
                {
                    _cmdlet.Host.UI.WriteWarningLine(
                        $"Stopped waiting; {left.Count} task(s) already started on PVE keep running: {string.Join(", ", left.Select(t => $"{t.Type} {t.Id} on {t.Node}"))}. Get-PveTask -Running shows them, Wait-PveTask waits for them again.");
                }

                throw;
            }
        }

        private void Report(PveTaskBatchEvent e) => _cmdlet.Post(() => _progress!.Report(e));
    }
}
