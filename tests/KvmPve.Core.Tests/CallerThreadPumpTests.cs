using System.Diagnostics;
using KvmPve.Errors;
using KvmPve.Threading;
using KvmPve.Transport;

namespace KvmPve.Core.Tests;

/// <summary>The cmdlets' async bridge: writes on the caller's thread, early stops, cancellation, errors.</summary>
[Collection(TimingSensitive.Name)]
public class CallerThreadPumpTests
{
    [Fact]
    public void Posted_actions_run_in_order_on_the_calling_thread()
    {
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel);
        int caller = Environment.CurrentManagedThreadId;
        var seen = new List<(int Item, int Thread)>();
        pump.Run(async token =>
        {
            for (int i = 0; i < 50; i++)
            {
                int item = i;
                pump.Post(() => seen.Add((item, Environment.CurrentManagedThreadId)));
                await Task.Yield();
            }
        });
        Assert.Equal(Enumerable.Range(0, 50), seen.Select(s => s.Item));
        Assert.All(seen, s => Assert.Equal(caller, s.Thread));
    }

    [Fact]
    public void An_action_arriving_mid_work_runs_before_the_work_ends()
    {
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel);
        var written = new TaskCompletionSource();
        pump.Run(async token =>
        {
            pump.Post(() => written.SetResult());
            // The work waits for the caller to have run the action: a pump that only drained at the end would hang here.
            await written.Task.WaitAsync(TimeSpan.FromSeconds(5), token);
        });
        Assert.True(written.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public void The_works_error_comes_out_unwrapped_after_what_was_posted()
    {
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel);
        var seen = new List<int>();
        var ex = Assert.Throws<KvmPveException>(() => pump.Run(token =>
        {
            pump.Post(() => seen.Add(1));
            throw new KvmPveException(ErrorKind.ObjectNotFound, "Test", "not there");
        }));
        Assert.Equal("Test", ex.ErrorId);
        Assert.Equal([1], seen);
    }

    [Fact]
    public void A_throwing_action_cancels_the_work_and_ends_the_run_at_once()
    {
        // What Select-Object -First does: the write of the Nth object throws to stop upstream.
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel);
        var watch = Stopwatch.StartNew();
        bool cancelled = false;
        int written = 0;
        Assert.Throws<InvalidOperationException>(() => pump.Run(async token =>
        {
            try
            {
                while (true)
                {
                    pump.Post(() =>
                    {
                        if (++written == 3)
                        {
                            throw new InvalidOperationException("downstream stopped");
                        }
                    });
                    await Task.Delay(10, token);
                }
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }));
        Assert.Equal(3, written);
        Assert.True(cancelled);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Cancelling_from_another_thread_ends_the_run_with_a_cancellation()
    {
        // What Ctrl+C does through StopProcessing.
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel);
        cancel.CancelAfter(200);
        var watch = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => pump.Run(token => Task.Delay(Timeout.Infinite, token)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Transport_diagnostics_reach_the_log_on_the_calling_thread()
    {
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel);
        int caller = Environment.CurrentManagedThreadId;
        var lines = new List<(string Text, int Thread)>();
        pump.Run(async token =>
        {
            await Task.Yield();
            RequestLog.Write("GET /api/info -> 200 OK (1 ms)");
        }, text => lines.Add((text, Environment.CurrentManagedThreadId)));
        var line = Assert.Single(lines);
        Assert.Equal("GET /api/info -> 200 OK (1 ms)", line.Text);
        Assert.Equal(caller, line.Thread);
    }

    [Fact]
    public void A_fast_producer_waits_for_a_slow_caller_instead_of_queueing_without_bound()
    {
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel, capacity: 4);
        int queuedAhead = 0, maxAhead = 0;
        pump.Run(token => Task.Run(() =>
        {
            for (int i = 0; i < 40; i++)
            {
                maxAhead = Math.Max(maxAhead, Interlocked.Increment(ref queuedAhead));
                pump.Post(() =>
                {
                    Interlocked.Decrement(ref queuedAhead);
                    Thread.Sleep(2);
                });
            }
        }));
        Assert.InRange(maxAhead, 1, 6);
    }

    [Fact]
    public void Posts_from_the_works_synchronous_start_run_at_once_on_the_calling_thread_however_many()
    {
        // The work starts on the caller's thread (no thread-pool hop); what it posts before its first await must not
        // wait in a queue whose only consumer is that same thread.
        using var cancel = new CancellationTokenSource();
        var pump = new CallerThreadPump(cancel, capacity: 4);
        int caller = Environment.CurrentManagedThreadId;
        var seen = new List<(int Item, int Thread)>();
        pump.Run(async token =>
        {
            Assert.Equal(caller, Environment.CurrentManagedThreadId);
            for (int i = 0; i < 100; i++)
            {
                int item = i;
                pump.Post(() => seen.Add((item, Environment.CurrentManagedThreadId)));
            }

            await Task.Delay(10, token).ConfigureAwait(false);
            for (int i = 100; i < 110; i++)
            {
                int item = i;
                pump.Post(() => seen.Add((item, Environment.CurrentManagedThreadId)));
            }
        });
        Assert.Equal(Enumerable.Range(0, 110), seen.Select(s => s.Item));
        Assert.All(seen, s => Assert.Equal(caller, s.Thread));
    }
}
