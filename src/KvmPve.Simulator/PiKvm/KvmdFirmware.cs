namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// A machine's firmware as its screen shows it, for boot-menu automation: after power on or reset its start screen
/// offers F12 for a while; F12 then opens "Please select boot device:" with the first entry selected. The selection
/// is only highlighted, as on real firmware, so the text does not show it. Arrow keys move it (no wrap), Enter boots
/// the entry, Escape boots the default; without F12 the machine boots its first entry. The PiKVM's drive is named as
/// kvmd's USB gadget names it (vendor PiKVM, product Optical Drive, revision 1.00: kvmd/apps/_scheme.py, usb.py).
/// </summary>
public sealed class KvmdFirmware(PiKvmSimulatorOptions options, KvmdAtx atx, KvmdMsd msd)
{
    public static readonly string[] Entries =
    [
        "Windows Boot Manager (Samsung SSD 980 1TB)",
        "UEFI: Intel(R) Ethernet Connection I219-V IPv4",
        "UEFI: PiKVM Optical Drive 1.00",
        "Enter Setup",
    ];

    private readonly object _gate = new();
    private DateTimeOffset _start;
    private bool _menu;
    private int _selected;
    private string? _booted;

    /// <summary>The entries booted, in order (the default one when nobody chose), for tests.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Booted { get; } = new();

    internal void OnKey(string keyEvent)
    {
        if (!options.Firmware || !keyEvent.StartsWith('+'))
        {
            return;
        }

        string key = keyEvent[1..];
        lock (_gate)
        {
            Follow();
            if (!atx.PowerLed || _booted != null)
            {
                return;
            }

            if (!_menu)
            {
                _menu = key == "F12" && DateTimeOffset.UtcNow - atx.PoweredOnAt < options.FirmwarePostWindow;
                _selected = 0;
                return;
            }

            switch (key)
            {
                case "ArrowDown":
                    _selected = Math.Min(_selected + 1, Entries.Length - 1);
                    break;
                case "ArrowUp":
                    _selected = Math.Max(_selected - 1, 0);
                    break;
                case "Enter":
                    Boot(Entries[_selected]);
                    break;
                case "Escape":
                    Boot(Entries[0]);
                    break;
            }
        }
    }

    public string Text()
    {
        lock (_gate)
        {
            Follow();
            if (!atx.PowerLed)
            {
                return string.Empty;
            }

            if (_booted == null && !_menu && DateTimeOffset.UtcNow - atx.PoweredOnAt >= options.FirmwarePostWindow)
            {
                Boot(Entries[0]);
            }

            if (_booted != null)
            {
                return !_booted.Contains("PiKVM", StringComparison.Ordinal) ? $"Booting from {_booted}\nStarting Windows"
                    : msd.Connected && msd.DriveImage != null ? $"Booting from {_booted}\nDebian GNU/Linux installer boot menu"
                    : "No bootable device.\nInsert boot disk and press any key.";
            }

            return _menu
                ? "Please select boot device:\n\n" + string.Join('\n', Entries) + "\n\n↑ and ↓ to move selection\nENTER to select boot device\nESC to boot using defaults"
                : "Aptio Setup Utility - Copyright (C) 2024 American Megatrends, Inc.\nPress <DEL> or <F2> to enter setup, <F12> to display boot menu.";
        }
    }

    private void Boot(string entry)
    {
        _booted = entry;
        Booted.Enqueue(entry);
    }

    /// <summary>A new start (power on, reset) begins the firmware anew.</summary>
    private void Follow()
    {
        if (atx.PoweredOnAt != _start)
        {
            _start = atx.PoweredOnAt;
            _menu = false;
            _booted = null;
        }
    }
}
