using System.Collections.Concurrent;
using KvmPve.Errors;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

[Collection(TimingSensitive.Name)]
public class PveTaskBatchTests : PveTest
{
    // Twenty guests (1000 and up, tagged bulk) whose tasks run for half a second.
    protected override PveSimulatorOptions PveSimulator() => new() { ExtraGuests = 20, TaskDuration = TimeSpan.FromMilliseconds(500) };

    private async Task<(PveSession Session, IReadOnlyList<PveVm> Guests)> BulkAsync()
    {
        PveSession session = await ConnectPve();
        IReadOnlyList<PveVm> guests = await session.GetVmsAsync(new PveVmQuery { Tag = ["bulk"] }, _ => { }, CancellationToken.None);
        Assert.Equal(20, guests.Count);
        return (session, guests);
    }

    private static async Task<List<PveTaskBatchEvent>> RunAllAsync(PveTaskBatch batch, PveSession session, IEnumerable<PveVm> guests)
    {
        var events = new ConcurrentQueue<PveTaskBatchEvent>();
        foreach (PveVm vm in guests)
        {
            await batch.PumpUntilAsync(batch.StartAsync(vm, t => session.ChangePowerAsync(vm, PvePowerAction.Start, null, t), CancellationToken.None), events.Enqueue, CancellationToken.None);
        }

        await batch.PumpUntilAsync(batch.WhenAllAsync(CancellationToken.None), events.Enqueue, CancellationToken.None);
        return [.. events];
    }

    [Theory]
    [InlineData(8)]
    [InlineData(3)]
    public async Task Never_more_than_the_throttle_run_at_once_and_every_task_ends(int throttle)
    {
        (PveSession session, IReadOnlyList<PveVm> guests) = await BulkAsync();
        using (session)
        {
            List<PveTaskBatchEvent> events = await RunAllAsync(new PveTaskBatch(throttle, TimeSpan.FromMilliseconds(200)), session, guests);
            Assert.Equal(throttle, Sim.Pve.Cluster.MostTasksRunningAtOnce());
            Assert.Equal(20, events.Count(e => e.Kind == PveTaskBatchEventKind.Finished));
            Assert.Equal(guests.Select(g => g.VmId).OrderBy(i => i), events.Where(e => e.Kind == PveTaskBatchEventKind.Finished).Select(e => ((PveVm)e.Item).VmId).OrderBy(i => i));
            // Each task is reported started before it is reported finished, and finished tasks are no longer running.
            foreach (PveTaskBatchEventKind[] kinds in events.GroupBy(e => e.Task.Upid).Select(g => g.Select(e => e.Kind).ToArray()))
            {
                Assert.Equal(PveTaskBatchEventKind.Started, kinds[0]);
                Assert.Equal(PveTaskBatchEventKind.Finished, kinds[^1]);
            }

            Assert.All(events.Where(e => e.Kind == PveTaskBatchEventKind.Finished), e => Assert.False(e.Task.IsRunning));
        }
    }

    [Fact]
    public async Task With_a_throttle_as_large_as_the_batch_all_tasks_run_side_by_side()
    {
        (PveSession session, IReadOnlyList<PveVm> guests) = await BulkAsync();
        using (session)
        {
            List<PveTaskBatchEvent> events = await RunAllAsync(new PveTaskBatch(20, TimeSpan.FromMilliseconds(200)), session, guests);
            Assert.Equal(20, Sim.Pve.Cluster.MostTasksRunningAtOnce());
            // All were started before the first one finished.
            int lastStart = events.FindLastIndex(e => e.Kind == PveTaskBatchEventKind.Started);
            int firstEnd = events.FindIndex(e => e.Kind == PveTaskBatchEventKind.Finished);
            Assert.True(lastStart < firstEnd);
        }
    }

    [Fact]
    public async Task A_failed_task_is_its_own_error_and_the_others_go_on()
    {
        (PveSession session, IReadOnlyList<PveVm> guests) = await BulkAsync();
        Sim.Pve.Options.TaskOutcomes[guests[3].VmId] = "start failed: no such storage";
        using (session)
        {
            List<PveTaskBatchEvent> events = await RunAllAsync(new PveTaskBatch(8, TimeSpan.FromMilliseconds(200)), session, guests);
            PveTaskBatchEvent failed = Assert.Single(events, e => e.Kind == PveTaskBatchEventKind.Failed);
            Assert.Equal(guests[3].VmId, ((PveVm)failed.Item).VmId);
            PveTaskFailedException error = Assert.IsType<PveTaskFailedException>(failed.Error);
            Assert.Contains(error.LogTail, line => line.Contains("no such storage"));
            Assert.Equal(19, events.Count(e => e.Kind == PveTaskBatchEventKind.Finished));
        }
    }

    [Fact]
    public async Task A_task_past_its_timeout_ends_its_wait_with_an_error_and_the_others_go_on()
    {
        (PveSession session, IReadOnlyList<PveVm> guests) = await BulkAsync();
        using (session)
        {
            Sim.Pve.Options.SlowTasks.Add(guests[0].VmId);
            var batch = new PveTaskBatch(8, TimeSpan.FromMilliseconds(100));
            var events = new List<PveTaskBatchEvent>();
            foreach (PveVm vm in guests.Take(2))
            {
                await batch.PumpUntilAsync(batch.StartAsync(vm, t => session.ChangePowerAsync(vm, PvePowerAction.Start, null, t), CancellationToken.None, timeout: TimeSpan.FromMilliseconds(800)), events.Add, CancellationToken.None);
            }

            await batch.PumpUntilAsync(batch.WhenAllAsync(CancellationToken.None), events.Add, CancellationToken.None);
            PveTaskBatchEvent late = Assert.Single(events, e => e.Kind == PveTaskBatchEventKind.Failed);
            Assert.Equal((ErrorKind.OperationTimeout, "PveTaskTimeout"), (late.Error!.Kind, late.Error.ErrorId));
            Assert.Equal(guests[0].VmId.ToString(System.Globalization.CultureInfo.InvariantCulture), late.Task.Id);
            Assert.Single(events, e => e.Kind == PveTaskBatchEventKind.Finished);
        }
    }

    [Fact]
    public async Task A_start_that_fails_gives_its_slot_back()
    {
        (PveSession session, IReadOnlyList<PveVm> guests) = await BulkAsync();
        using (session)
        {
            var batch = new PveTaskBatch(1, TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAsync<KvmPveException>(() => batch.StartAsync(guests[0], _ => throw new KvmPveException(ErrorKind.InvalidArgument, "X", "refused"), CancellationToken.None));
            List<PveTaskBatchEvent> events = await RunAllAsync(batch, session, guests.Take(2));
            Assert.Equal(2, events.Count(e => e.Kind == PveTaskBatchEventKind.Finished));
        }
    }

    [Fact]
    public async Task Cancelling_stops_the_wait_at_once_and_leaves_the_tasks_running()
    {
        Sim.Pve.Options.TaskDuration = TimeSpan.FromMinutes(5);
        (PveSession session, IReadOnlyList<PveVm> guests) = await BulkAsync();
        using (session)
        using (var cancel = new CancellationTokenSource())
        {
            var batch = new PveTaskBatch(8, TimeSpan.FromMilliseconds(200));
            foreach (PveVm vm in guests.Take(4))
            {
                await batch.StartAsync(vm, t => session.ChangePowerAsync(vm, PvePowerAction.Start, null, t), cancel.Token);
            }

            cancel.CancelAfter(300);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.PumpUntilAsync(batch.WhenAllAsync(cancel.Token), _ => { }, cancel.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {watch.Elapsed}");
            Assert.Equal(4, batch.RunningCount);
        }
    }

    [Fact]
    public void A_throttle_below_one_is_refused()
    {
        var ex = Assert.Throws<KvmPveException>(() => new PveTaskBatch(0));
        Assert.Equal((ErrorKind.InvalidArgument, "PveInvalidThrottleLimit"), (ex.Kind, ex.ErrorId));
    }

    [Fact]
    public async Task An_ha_guest_counts_as_stopped_when_it_is_stopped_not_when_its_ha_task_ends()
    {
        // db01 (102) is HA-managed: PVE answers with an hastop task that ends at once; the guest stops later.
        Sim.Pve.Options.TaskDuration = TimeSpan.FromMilliseconds(100);
        Sim.Pve.Options.HaDelay = TimeSpan.FromMilliseconds(1500);
        using PveSession session = await ConnectPve();
        PveVm db01 = (await session.GetVmsAsync(new PveVmQuery { VmId = [102] }, _ => { }, CancellationToken.None)).Single();
        Assert.Equal(("running", "started"), (db01.Status, db01.HaState));
        var batch = new PveTaskBatch(8, TimeSpan.FromMilliseconds(200));
        var events = new List<PveTaskBatchEvent>();
        await batch.PumpUntilAsync(batch.StartAsync(db01, t => session.ChangePowerAsync(db01, PvePowerAction.Shutdown, null, t), CancellationToken.None, null,
            (task, t) => session.PowerOutcomeAsync(db01, PvePowerAction.Shutdown, task, t)), events.Add, CancellationToken.None);
        await batch.PumpUntilAsync(batch.WhenAllAsync(CancellationToken.None), e =>
        {
            if (e.Kind == PveTaskBatchEventKind.Finished)
            {
                // Reported finished only once the guest itself is stopped.
                Assert.Equal("stopped", Sim.Pve.Cluster.Guest(102)!.Status);
            }

            events.Add(e);
        }, CancellationToken.None);
        PveTaskBatchEvent finished = Assert.Single(events, e => e.Kind == PveTaskBatchEventKind.Finished);
        Assert.Equal("hastop", finished.Task.Type);
        Assert.Contains(events, e => e.Kind == PveTaskBatchEventKind.Running && !e.Task.IsRunning);
    }

    [Fact]
    public async Task A_guest_without_ha_counts_as_done_when_its_task_ends()
    {
        using PveSession session = await ConnectPve();
        PveVm web02 = (await session.GetVmsAsync(new PveVmQuery { VmId = [101] }, _ => { }, CancellationToken.None)).Single();
        PveTask task = await session.ChangePowerAsync(web02, PvePowerAction.Start, null, CancellationToken.None);
        Assert.Equal("qmstart", task.Type);
        int before = Sim.Requests.Count;
        Assert.Same(task, await session.PowerOutcomeAsync(web02, PvePowerAction.Start, task, CancellationToken.None));
        Assert.Equal(before, Sim.Requests.Count);
    }
}
