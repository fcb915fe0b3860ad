using System.Collections.Generic;
using System.Management.Automation;

namespace KvmPve.Base
{
    /// <summary>
    /// Writes what a <see cref="PveTaskBatch"/> reports, on the pipeline thread: a progress bar per running task under
    /// one for the whole batch, each finished task to the pipeline (WARNINGS as a warning), each failed one as an error.
    /// </summary>
    internal sealed class BatchProgress
    {
        private readonly PveCmdlet _cmdlet;
        private readonly ProgressRecord _total;
        private readonly Dictionary<string, ProgressRecord> _tasks = new Dictionary<string, ProgressRecord>();
        private int _started;
        private int _ended;

        public BatchProgress(PveCmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _total = new ProgressRecord(KvmPveCmdlet.NextProgressId(), activity, "starting");
        }

        public void Report(PveTaskBatchEvent e)
        {
            PveTask task = e.Task;
            switch (e.Kind)
            {
                case PveTaskBatchEventKind.Started:
                    _started++;
                    _tasks[task.Upid] = new ProgressRecord(KvmPveCmdlet.NextProgressId(), $"{task.Type} {task.Id} on {task.Node}", "running") { ParentActivityId = _total.ActivityId };
                    _cmdlet.WriteProgress(_tasks[task.Upid]);
                    break;
                case PveTaskBatchEventKind.Running:
                    if (_tasks.TryGetValue(task.Upid, out ProgressRecord? bar))
                    {
                        bar.StatusDescription = task.IsRunning
                            ? $"running, {(int)e.Elapsed.TotalSeconds} s"
                            : $"HA request done, waiting for the guest, {(int)e.Elapsed.TotalSeconds} s";
                        _cmdlet.WriteProgress(bar);
                    }

                    break;
                case PveTaskBatchEventKind.Finished:
                    End(task);
                    if (task.Warnings > 0)
                    {
                        _cmdlet.WriteWarning(PveCmdlet.WarningsMessage(task));
                    }

                    // A task that made several things (a backup of many guests) writes each.
                    _cmdlet.WriteObject(e.Result, e.Result is System.Collections.IEnumerable && !(e.Result is string));
                    break;
                case PveTaskBatchEventKind.Failed:
                    End(task);
                    _cmdlet.WriteError(ErrorRecords.From(e.Error!, task));
                    break;
            }

            _total.StatusDescription = $"{_ended} of {_started} tasks ended, {_started - _ended} running";
            _total.PercentComplete = _started == 0 ? 0 : 100 * _ended / _started;
            _cmdlet.WriteProgress(_total);
        }

        /// <summary>Closes every bar still open (after Ctrl+C too) and the total.</summary>
        public void Close()
        {
            foreach (ProgressRecord bar in _tasks.Values)
            {
                bar.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(bar);
            }

            _tasks.Clear();
            _total.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_total);
        }

        private void End(PveTask task)
        {
            _ended++;
            if (_tasks.TryGetValue(task.Upid, out ProgressRecord? bar))
            {
                bar.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(bar);
                _tasks.Remove(task.Upid);
            }
        }
    }
}
