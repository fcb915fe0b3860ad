using System.Diagnostics;

namespace KvmPve.Testing;

/// <summary>Samples the process's working set while something runs: how much it grew at its peak.</summary>
internal sealed class WorkingSetPeak : IAsyncDisposable
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;

    public WorkingSetPeak()
    {
        GC.Collect();
        Baseline = Peak = _self.WorkingSet64;
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _self.Refresh();
                Peak = Math.Max(Peak, _self.WorkingSet64);
                await Task.Delay(10);
            }
        });
    }

    public long Baseline { get; }

    public long Peak { get; private set; }

    public long Growth => Peak - Baseline;

    /// <summary>Stops sampling (once) and says how much the working set grew at its peak.</summary>
    public async Task<long> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _sampler;
        return Growth;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _self.Dispose();
    }
}
