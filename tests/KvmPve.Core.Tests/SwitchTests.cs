using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Simulator.PiKvm;

namespace KvmPve.Core.Tests;

/// <summary>The PiKVM Switch: kvmd's switch API (api/switch.py, switch/state.py) over two simulated units of four ports.</summary>
public class SwitchTests : SimulatorTest
{
    protected override PiKvmSimulatorOptions SimulatorOptions() => new() { SwitchUnits = 2, AtxPress = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public void A_pikvm_without_a_switch_reads_as_no_units_and_refuses_any_port()
    {
        // Captured from the real kvmd v4.132, which has no Switch attached.
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pikvm", "switch.json")));
        PiKvmSwitch state = PiKvmSwitch.From(fixture.RootElement.GetProperty("result"), null!);
        Assert.Equal((0, null, true), (state.Units, state.ActivePort, state.Synced));
        Assert.Empty(state.Ports);
        Assert.Equal("Default", state.Edids["default"]);
        var ex = Assert.Throws<KvmPveException>(() => state.Port("1"));
        Assert.Equal("PiKvmNoSwitch", ex.ErrorId);
        Assert.Contains("no Switch connected", ex.Message);
    }

    [Fact]
    public async Task Ports_read_with_ids_per_unit_leds_and_the_active_one()
    {
        using PiKvmSession session = await Connect();
        PiKvmSwitch state = await session.GetSwitchAsync(CancellationToken.None);
        Assert.Equal(2, state.Units);
        Assert.Equal(8, state.Ports.Count);
        Assert.Equal(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"], state.Ports.Select(p => p.Id));
        Assert.Equal("1.1", state.ActivePort);
        PiKvmSwitchPort port = state.Ports[5];
        Assert.Equal((5, 2, 2, true, false, false, "default", true), (port.Index, port.Unit, port.Channel, port.PowerLed, port.Busy, port.Active, port.EdidId, port.Dummy));
        Assert.Equal((0.5, 5.5, 0.5), (port.PowerClickDelay, port.PowerLongClickDelay, port.ResetClickDelay));
    }

    [Theory]
    [InlineData("2.3", 6)]
    [InlineData("7", 6)]
    [InlineData(" 1.1 ", 0)]
    public async Task A_port_is_named_by_id_or_number_and_sent_as_kvmds_index(string name, int index)
    {
        using PiKvmSession session = await Connect();
        PiKvmSwitchPort port = await session.GetSwitchPortAsync(name, CancellationToken.None);
        Assert.Equal(index, port.Index);
        await session.SetSwitchActiveAsync(port, CancellationToken.None);
        Assert.Contains(Sim.Requests, r => r.Path == "/api/switch/set_active" && r.Query == $"?port={index}");
        Assert.Equal(port.Id, (await session.GetSwitchAsync(CancellationToken.None)).ActivePort);
    }

    [Fact]
    public async Task A_port_can_be_named_by_its_name_and_a_wrong_one_lists_the_ports()
    {
        using PiKvmSession session = await Connect();
        PiKvmSwitch state = await session.GetSwitchAsync(CancellationToken.None);
        await session.SetSwitchPortAsync(state, state.Ports[3], new PiKvmSwitchPortParams { Name = "  web   01 ", Dummy = false }, CancellationToken.None);
        PiKvmSwitchPort named = await session.GetSwitchPortAsync("WEB 01", CancellationToken.None);
        Assert.Equal((3, "web 01", false), (named.Index, named.Name, named.Dummy));
        Assert.Contains(Sim.Requests, r => r.Path == "/api/switch/set_port_params" && r.Query == "?port=3&name=%20%20web%20%20%2001%20&dummy=0");

        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetSwitchPortAsync("9", CancellationToken.None));
        Assert.Equal((ErrorKind.ObjectNotFound, "PiKvmSwitchPortNotFound"), (ex.Kind, ex.ErrorId));
        Assert.Contains("no port '9'. Its ports: 1.1, 1.2, 1.3, 1.4 (web 01), 2.1", ex.Message);
    }

    [Fact]
    public async Task An_unknown_edid_is_refused_before_anything_is_sent_naming_those_there_are()
    {
        using PiKvmSession session = await Connect();
        PiKvmSwitch state = await session.GetSwitchAsync(CancellationToken.None);
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SetSwitchPortAsync(state, state.Ports[0], new PiKvmSwitchPortParams { EdidId = "nope" }, CancellationToken.None));
        Assert.Equal("PiKvmSwitchEdidNotFound", ex.ErrorId);
        Assert.Contains("no EDID 'nope'. Its EDIDs: default (Default)", ex.Message);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public async Task A_power_action_on_a_port_waits_for_the_press_and_follows_kvmds_if_powered_rule()
    {
        using PiKvmSession session = await Connect();
        PiKvmSwitchPort port = await session.GetSwitchPortAsync("2.1", CancellationToken.None);
        // On while on: kvmd skips the press (chain.py: if_powered=False must match the LED).
        await session.SwitchAtxPowerAsync(port, PiKvmAtxPowerAction.On, false, CancellationToken.None);
        Assert.Empty(Sim.PiKvm.Switch.Presses);
        await session.SwitchAtxPowerAsync(port, PiKvmAtxPowerAction.Off, true, CancellationToken.None);
        Assert.Equal("4:power", Assert.Single(Sim.PiKvm.Switch.Presses));
        Assert.Contains(Sim.Requests, r => r.Path == "/api/switch/atx/power" && r.Query == "?port=4&action=off");
        PiKvmAtxState after = await session.GetSwitchAtxAsync("2.1", CancellationToken.None);
        Assert.Equal(("2.1", false, false), (after.Port, after.PowerLed, after.Busy));
    }

    [Fact]
    public async Task A_press_on_a_busy_port_is_refused_since_kvmd_would_ignore_it()
    {
        using PiKvmSession session = await Connect();
        PiKvmSwitchPort port = await session.GetSwitchPortAsync("1.2", CancellationToken.None);
        await session.SwitchAtxClickAsync(port, PiKvmAtxButton.Reset, false, CancellationToken.None);
        PiKvmSwitchPort busy = await session.GetSwitchPortAsync("1.2", CancellationToken.None);
        Assert.True(busy.Busy);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SwitchAtxClickAsync(busy, PiKvmAtxButton.Reset, false, CancellationToken.None));
        Assert.Equal((ErrorKind.ResourceBusy, "PiKvmSwitchAtxBusy"), (ex.Kind, ex.ErrorId));
        Assert.Contains(Sim.Requests, r => r.Path == "/api/switch/atx/click" && r.Query == "?port=1&button=reset");
    }
}
