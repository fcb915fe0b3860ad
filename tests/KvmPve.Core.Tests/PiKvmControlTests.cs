using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Simulator.PiKvm;

namespace KvmPve.Core.Tests;

public class AtxTests : SimulatorTest
{
    [Fact]
    public async Task The_state_reads_from_the_real_fixture_and_the_simulator_alike()
    {
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pikvm", "atx.json")));
        PiKvmAtxState real = PiKvmAtxState.From(fixture.RootElement.GetProperty("result"), null!);
        Assert.Equal((false, false, false, false), (real.Enabled, real.Busy, real.PowerLed, real.HddLed));
        using PiKvmSession session = await Connect();
        PiKvmAtxState state = await session.GetAtxAsync(CancellationToken.None);
        Assert.Equal((true, false, true), (state.Enabled, state.Busy, state.PowerLed));
    }

    [Theory]
    [InlineData(PiKvmAtxPowerAction.Off, "action=off", "power")]
    [InlineData(PiKvmAtxPowerAction.OffHard, "action=off_hard", "power_long")]
    [InlineData(PiKvmAtxPowerAction.ResetHard, "action=reset_hard", "reset")]
    public async Task Power_actions_use_kvmds_names(PiKvmAtxPowerAction action, string query, string press)
    {
        using PiKvmSession session = await Connect();
        await session.AtxPowerAsync(action, true, CancellationToken.None);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/atx/power" && r.Query == $"?{query}&wait=1" && r.ContentLength == 0);
        Assert.Equal(press, Assert.Single(Sim.PiKvm.Atx.Presses));
    }

    [Fact]
    public async Task Buttons_press_whatever_the_state()
    {
        using PiKvmSession session = await Connect();
        await session.AtxClickAsync(PiKvmAtxButton.PowerLong, true, CancellationToken.None);
        Assert.False((await session.GetAtxAsync(CancellationToken.None)).PowerLed);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/atx/click" && r.Query == "?button=power_long&wait=1");
    }

    [Fact]
    public async Task A_second_press_while_busy_is_resource_busy()
    {
        using PiKvmSession session = await Connect();
        await session.AtxClickAsync(PiKvmAtxButton.Reset, false, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.AtxClickAsync(PiKvmAtxButton.Reset, false, CancellationToken.None));
        Assert.Equal(ErrorKind.ResourceBusy, ex.Kind);
        Assert.Equal("PiKvmAtxIsBusy", ex.ErrorId);
        Assert.Contains("Performing another ATX operation", ex.Message);
    }
}

public class AtxDisabledTests : SimulatorTest
{
    protected override PiKvmSimulatorOptions SimulatorOptions() => new() { AtxEnabled = false };

    [Fact]
    public async Task A_disabled_atx_says_so()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.AtxPowerAsync(PiKvmAtxPowerAction.On, false, CancellationToken.None));
        Assert.Equal("PiKvmAtxDisabled", ex.ErrorId);
        Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
        Assert.Contains("ATX is disabled", ex.Message);
        Assert.Empty(Sim.PiKvm.Atx.Presses);
    }
}

public class GpioTests : SimulatorTest
{
    [Fact]
    public async Task Channels_read_from_the_real_fixture_and_the_simulator_alike()
    {
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pikvm", "gpio.json")));
        var real = PiKvmGpioChannel.From(fixture.RootElement.GetProperty("result"), null!);
        using PiKvmSession session = await Connect();
        IReadOnlyList<PiKvmGpioChannel> ours = await session.GetGpioAsync(null, null, CancellationToken.None);
        foreach (var channels in new[] { real, ours.ToList() })
        {
            Assert.Equal(["led1", "relay1", "relay2"], channels.Select(c => c.Channel));
            Assert.Equal(PiKvmGpioDirection.Input, channels[0].Direction);
            Assert.True(channels[1].CanSwitch && channels[1].CanPulse);
            Assert.False(channels[2].CanSwitch);
            Assert.Equal(0.1, channels[2].PulseDelay);
        }
    }

    [Fact]
    public async Task Switching_sets_the_state()
    {
        using PiKvmSession session = await Connect();
        await session.SwitchGpioAsync("relay1", true, true, CancellationToken.None);
        Assert.True(Sim.PiKvm.Gpio["relay1"]);
        Assert.True((await session.GetGpioAsync(null, null, CancellationToken.None)).Single(c => c.Channel == "relay1").State);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/gpio/switch" && r.Query == "?channel=relay1&state=1&wait=1");
    }

    [Fact]
    public async Task A_pulse_keeps_the_channel_busy_and_a_second_one_is_resource_busy()
    {
        using PiKvmSession session = await Connect();
        await session.PulseGpioAsync("relay2", 0.1, false, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.PulseGpioAsync("relay2", null, false, CancellationToken.None));
        Assert.Equal(ErrorKind.ResourceBusy, ex.Kind);
        Assert.Equal("PiKvmGpioChannelIsBusy", ex.ErrorId);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/gpio/pulse" && r.Query == "?channel=relay2&wait=0&delay=0.1");
    }

    [Fact]
    public async Task An_unknown_channel_is_not_found_listing_the_outputs()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetGpioOutputAsync("relay9", CancellationToken.None));
        Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
        Assert.Contains("relay1, relay2", ex.Message);
        var input = await Assert.ThrowsAsync<KvmPveException>(() => session.GetGpioOutputAsync("led1", CancellationToken.None));
        Assert.Equal("PiKvmGpioNotAnOutput", input.ErrorId);
        Assert.DoesNotContain(Sim.Requests, r => r.Method == "POST" && r.Path.StartsWith("/api/gpio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switching_a_pulse_only_channel_keeps_kvmds_error()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SwitchGpioAsync("relay2", true, false, CancellationToken.None));
        Assert.Equal("PiKvmGpioSwitchNotSupported", ex.ErrorId);
    }
}
