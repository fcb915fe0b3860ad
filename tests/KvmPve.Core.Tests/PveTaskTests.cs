using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Pve;
using KvmPve.Simulator.Pve;

namespace KvmPve.Core.Tests;

public class UpidTests
{
    [Fact]
    public void A_plain_upid_parses()
    {
        Upid id = Upid.Parse("UPID:pve1:000C1A2B:0A1B2C3D:65F00000:qmstart:100:root@pam:");
        Assert.Equal(("pve1", 0x000C1A2B, 0x0A1B2C3DL, "qmstart", "100", "root@pam"), (id.Node, id.ProcessId, id.ProcessStart, id.Type, id.Id, id.User));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x65F00000).LocalDateTime, id.StartTime);
        Assert.Null(id.TokenId);
    }

    [Fact]
    public void Empty_id_token_user_and_a_pstart_past_32_bits_parse()
    {
        Upid id = Upid.Parse("UPID:node-2:00001234:1A2B3C4D5:65F00001:aptupdate::automation@pve!runbook:");
        Assert.Equal(string.Empty, id.Id);
        Assert.Equal(0x1A2B3C4D5L, id.ProcessStart);
        Assert.Equal("automation@pve", id.User);
        Assert.Equal("runbook", id.TokenId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPID:pve1:000C1A2B:0A1B2C3D:65F00000:qmstart:100:root@pam")]
    [InlineData("UPID:pve1:zz:0A1B2C3D:65F00000:qmstart:100:root@pam:")]
    [InlineData("TASK:pve1:000C1A2B:0A1B2C3D:65F00000:qmstart:100:root@pam:")]
    public void Anything_else_is_an_invalid_argument(string text)
    {
        var ex = Assert.Throws<KvmPveException>(() => Upid.Parse(text));
        Assert.Equal("PveInvalidUpid", ex.ErrorId);
    }

    [Theory]
    [InlineData("task-status.ok.json", "stopped", "OK", true)]
    [InlineData("task-status.failed.json", "stopped", null, false)]
    [InlineData("task-status.running.json", "running", null, null)]
    [InlineData("task-status.token-user.json", null, null, null)]
    public void Real_task_status_answers_read_right(string fixture, string? status, string? exit, bool? succeeded)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pve", fixture)));
        PveTask task = PveTask.From(document.RootElement.GetProperty("body").GetProperty("data"), null!);
        if (status != null)
        {
            Assert.Equal(status, task.Status);
        }

        if (exit != null)
        {
            Assert.Equal(exit, task.ExitStatus);
        }

        if (fixture != "task-status.token-user.json")
        {
            Assert.Equal(succeeded, task.Succeeded);
        }
        else
        {
            Assert.NotNull(task.TokenId);
        }
    }

    [Fact]
    public void Warnings_count_as_success()
    {
        var task = new PveTask { Status = "stopped", ExitStatus = "WARNINGS: 2" };
        Assert.True(task.Succeeded);
        Assert.Equal(2, task.Warnings);
        Assert.False(new PveTask { Status = "stopped", ExitStatus = "command 'qm start 100' failed" }.Succeeded);
    }
}

public class PveWaitTests : PveTest
{
    private readonly FakeClock _clock = new(DateTimeOffset.UtcNow);

    protected override PveSimulatorOptions PveSimulator()
    {
        PveSimulatorOptions options = base.PveSimulator();
        options.Clock = _clock;
        return options;
    }

    private async Task<(PveSession Session, PveTask Task)> Start(int vmid, PvePowerAction action = PvePowerAction.Start)
    {
        PveSession session = await PveSession.ConnectAsync(PveOptions(clock: _clock), CancellationToken.None);
        PveVm vm = (await session.GetVmsAsync(new PveVmQuery { VmId = [vmid] }, e => throw e, CancellationToken.None)).Single();
        return (session, await session.ChangePowerAsync(vm, action, null, CancellationToken.None));
    }

    [Fact]
    public async Task Waiting_returns_the_finished_task_and_the_guest_has_changed()
    {
        (PveSession session, PveTask started) = await Start(101);
        using (session)
        {
            PveTask done = await session.WaitTaskAsync(started.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
            Assert.Equal(("stopped", "OK", true), (done.Status, done.ExitStatus, done.Succeeded));
            PveVm vm = (await session.GetVmsAsync(new PveVmQuery { VmId = [101] }, e => throw e, CancellationToken.None)).Single();
            Assert.Equal("running", vm.Status);
        }
    }

    [Fact]
    public async Task Warnings_are_success_with_a_count()
    {
        Sim.Pve.Options.TaskOutcomes[100] = "WARNINGS: 1";
        (PveSession session, PveTask started) = await Start(100, PvePowerAction.Shutdown);
        using (session)
        {
            PveTask done = await session.WaitTaskAsync(started.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None);
            Assert.True(done.Succeeded);
            Assert.Equal(1, done.Warnings);
        }
    }

    [Fact]
    public async Task A_failed_task_is_an_error_with_its_exit_status_and_last_log_lines()
    {
        Sim.Pve.Options.TaskOutcomes[101] = "start failed: QEMU exited with code 1";
        (PveSession session, PveTask started) = await Start(101);
        using (session)
        {
            var ex = await Assert.ThrowsAsync<PveTaskFailedException>(() => session.WaitTaskAsync(started.Upid, TimeSpan.FromMinutes(1), null, CancellationToken.None));
            Assert.Equal("PveTaskFailed", ex.ErrorId);
            Assert.Equal("start failed: QEMU exited with code 1", ex.Task.ExitStatus);
            Assert.Contains("TASK ERROR: start failed: QEMU exited with code 1", ex.LogTail);
            Assert.Contains("TASK ERROR", ex.Message);
        }
    }

    [Fact]
    public async Task A_timeout_is_an_operation_timeout_and_the_task_goes_on()
    {
        Sim.Pve.Options.TaskDuration = TimeSpan.FromMinutes(10);
        (PveSession session, PveTask started) = await Start(101);
        using (session)
        {
            var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.WaitTaskAsync(started.Upid, TimeSpan.FromSeconds(20), null, CancellationToken.None));
            Assert.Equal(ErrorKind.OperationTimeout, ex.Kind);
            Assert.Equal("PveTaskTimeout", ex.ErrorId);
            Assert.Contains(started.Upid, ex.Message);
            Assert.True((await session.GetTaskAsync(started.Upid, CancellationToken.None)).IsRunning);
        }
    }

    [Fact]
    public async Task Polling_grows_from_half_a_second_to_five_and_averages_at_most_one_a_second_over_a_minute()
    {
        Sim.Pve.Options.TaskDuration = TimeSpan.FromSeconds(60);
        (PveSession session, PveTask started) = await Start(101);
        using (session)
        {
            _clock.Delays.Clear();
            var polls = new List<TimeSpan>();
            await session.WaitTaskAsync(started.Upid, TimeSpan.FromMinutes(5), (_, elapsed) => polls.Add(elapsed), CancellationToken.None);
            Assert.Equal(TimeSpan.FromMilliseconds(500), _clock.Delays[0]);
            Assert.All(_clock.Delays, d => Assert.InRange(d.TotalSeconds, 0.5, 5));
            Assert.Equal(_clock.Delays.OrderBy(d => d), _clock.Delays);
            Assert.InRange(polls.Count, 10, 60);
            Assert.True(polls.Count / polls[^1].TotalSeconds <= 1.0, $"{polls.Count} polls in {polls[^1].TotalSeconds} s");
        }
    }

    [Fact]
    public async Task Task_lists_filter_by_vmid_and_running_and_the_log_reads()
    {
        (PveSession session, PveTask started) = await Start(101);
        using (session)
        {
            IReadOnlyList<PveTask> running = await session.GetTasksAsync(null, 101, true, null, CancellationToken.None);
            Assert.Equal(started.Upid, Assert.Single(running).Upid);
            _clock.Set(_clock.UtcNow.AddSeconds(5));
            Assert.Empty(await session.GetTasksAsync(["pve1"], 101, true, 10, CancellationToken.None));
            PveTask done = Assert.Single(await session.GetTasksAsync(["pve1"], 101, false, 10, CancellationToken.None));
            Assert.Equal("OK", done.ExitStatus);
            Assert.NotNull(done.EndTime); // task lists carry endtime; the status endpoint does not
            Assert.Equal(["starting start of 101", "TASK OK"], await session.GetTaskLogAsync(started.Upid, 0, null, CancellationToken.None));
        }
    }
}
