using System.Text.RegularExpressions;
using KvmPve.Errors;
using KvmPve.Simulator.PiKvm;

namespace KvmPve.Core.Tests;

/// <summary>Reading firmware boot menus from OCR text (no server).</summary>
public class BootMenuReadingTests
{
    private static readonly Regex Title = PiKvmBootMenu.Title(PiKvmBootMenu.DefaultMenuPattern);

    [Fact]
    public void An_ami_menu_reads_its_entries_up_to_the_blank_line_and_selects_nothing_it_cannot_see()
    {
        PiKvmBootMenu? menu = PiKvmBootMenu.Read("Please select boot device:\n\nWindows Boot Manager\nUEFI: PiKVM Optical Drive 1.00\nEnter Setup\n\n↑ and ↓ to move selection\nENTER to select boot device", Title);
        Assert.NotNull(menu);
        Assert.Equal(["Windows Boot Manager", "UEFI: PiKVM Optical Drive 1.00", "Enter Setup"], menu.Entries);
        Assert.Null(menu.Marked);
        Assert.Equal(1, menu.Find("*PiKVM*"));
    }

    [Fact]
    public void An_ovmf_boot_manager_takes_the_last_title_and_a_text_marker_is_the_selection()
    {
        PiKvmBootMenu? menu = PiKvmBootMenu.Read("Boot Manager\n\nBoot Manager Menu\n\n  UEFI QEMU DVD-ROM QM00003\n> UEFI PiKVM Flash Drive 1.00\n  EFI Internal Shell\n\nUse the <^> and <v> keys", Title);
        Assert.NotNull(menu);
        Assert.Equal(["UEFI QEMU DVD-ROM QM00003", "UEFI PiKVM Flash Drive 1.00", "EFI Internal Shell"], menu.Entries);
        Assert.Equal(1, menu.Marked);
    }

    [Theory]
    [InlineData("Aptio Setup Utility\nPress <DEL> or <F2> to enter setup, <F12> to display boot menu.")]
    [InlineData("Dell Inc.\nF2 = Setup\nF12 = Boot Options\nInitializing USB")]
    [InlineData("Booting from UEFI: PiKVM Optical Drive 1.00")]
    [InlineData("")]
    public void A_start_screen_or_a_prompt_naming_the_menu_is_no_menu(string screen) => Assert.Null(PiKvmBootMenu.Read(screen, Title));

    [Fact]
    public void The_menu_has_gone_when_its_entries_have_even_if_the_next_screen_looks_like_a_title()
    {
        PiKvmBootMenu menu = PiKvmBootMenu.Read("Please select boot device:\nWindows Boot Manager\nUEFI: PiKVM Optical Drive 1.00", Title)!;
        Assert.NotNull(menu.Again("Please select boot device:\nWindows Boot Manager\nUEFI: PiKVM Optical Drive 1.00", Title));
        Assert.Null(menu.Again("Booting from Windows Boot Manager\nStarting Windows", Title));
    }

    [Fact]
    public void A_missing_entry_names_those_there_are_and_a_bad_title_pattern_is_refused()
    {
        PiKvmBootMenu menu = PiKvmBootMenu.Read("Boot Menu\nDisk 0\nNetwork", Title)!;
        var ex = Assert.Throws<KvmPveException>(() => menu.Find("*PiKVM*"));
        Assert.Equal("PiKvmBootEntryNotFound", ex.ErrorId);
        Assert.Contains("Its entries: Disk 0; Network. The menu is left open.", ex.Message);
        Assert.Equal("PiKvmInvalidPattern", Assert.Throws<KvmPveException>(() => PiKvmBootMenu.Title("boot(")).ErrorId);
    }
}

/// <summary>The one-time boot against the simulator's scripted firmware (F12 menu, highlight-only selection).</summary>
public class BootMenuTests : SimulatorTest
{
    protected override PiKvmSimulatorOptions SimulatorOptions() => new() { Firmware = true, AtxPress = TimeSpan.FromMilliseconds(50), FirmwarePostWindow = TimeSpan.FromSeconds(3) };

    private static PiKvmBootMenuOptions Fast(string select = "*PiKVM*") => new() { Select = select, Timeout = TimeSpan.FromSeconds(20), KeyInterval = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task It_resets_a_running_machine_opens_the_menu_and_boots_the_pikvm_drive()
    {
        using PiKvmSession session = await Connect();
        var told = new List<string>();
        PiKvmBootMenuResult result = await session.BootMenuAsync(Fast(), told.Add, CancellationToken.None);
        Assert.Equal("UEFI: PiKVM Optical Drive 1.00", result.Entry);
        Assert.Equal(KvmdFirmware.Entries, result.Entries);
        Assert.Equal("UEFI: PiKVM Optical Drive 1.00", Assert.Single(Sim.PiKvm.Firmware.Booted));
        Assert.Equal("reset", Assert.Single(Sim.PiKvm.Atx.Presses));
        Assert.Equal(2, Sim.PiKvm.Hid.KeyEvents.Count(k => k == "+ArrowDown"));
        Assert.Equal("+Enter", Sim.PiKvm.Hid.KeyEvents.Last(k => k.StartsWith('+')));
        Assert.Contains("Reset the machine.", told);
        Assert.Contains(told, t => t.StartsWith("Pressed F12 ", StringComparison.Ordinal));
        Assert.Contains("No bootable device", result.Screen);
    }

    [Fact]
    public async Task It_powers_an_off_machine_on_and_moves_up_as_well()
    {
        using PiKvmSession session = await Connect();
        await session.AtxPowerAsync(PiKvmAtxPowerAction.OffHard, true, CancellationToken.None);
        PiKvmBootMenuResult result = await session.BootMenuAsync(Fast("Windows*"), _ => { }, CancellationToken.None);
        Assert.Equal("Windows Boot Manager (Samsung SSD 980 1TB)", result.Entry);
        Assert.Equal(["power_long", "power"], Sim.PiKvm.Atx.Presses);
        Assert.DoesNotContain("+ArrowDown", Sim.PiKvm.Hid.KeyEvents);
        Assert.Contains("Starting Windows", result.Screen);
    }

    [Fact]
    public async Task A_missing_entry_is_an_error_naming_the_entries_with_the_menu_left_open()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.BootMenuAsync(Fast("*Floppy*"), _ => { }, CancellationToken.None));
        Assert.Equal("PiKvmBootEntryNotFound", ex.ErrorId);
        Assert.Contains("UEFI: PiKVM Optical Drive 1.00", ex.Message);
        Assert.Empty(Sim.PiKvm.Firmware.Booted);
    }

    [Fact]
    public async Task A_menu_that_never_shows_times_out_naming_what_the_screen_showed()
    {
        using PiKvmSession session = await Connect();
        PiKvmBootMenuOptions options = Fast();
        options.MenuKey = "F11";
        options.Timeout = TimeSpan.FromSeconds(2);
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.BootMenuAsync(options, _ => { }, CancellationToken.None));
        Assert.Equal((ErrorKind.OperationTimeout, "PiKvmBootMenuTimeout"), (ex.Kind, ex.ErrorId));
        Assert.Contains("No boot menu showed within 2 s of pressing F11", ex.Message);
        Assert.Contains("Last seen: 'Aptio Setup Utility", ex.Message);
    }
}
