namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// What the captured screen shows. By default the text typed so far (so OCR can be checked against typing). As a
/// scripted installer: no signal while the machine is off, "No bootable device." without media, a blank moment
/// (the firmware), then a boot prompt that echoes what is typed; a line entered there starts the install, which
/// ends with "Installation complete". Powering off starts it over. As a machine's firmware: see <see cref="KvmdFirmware"/>.
/// </summary>
public sealed class KvmdScreen(PiKvmSimulatorOptions options, KvmdHid hid, KvmdAtx atx, KvmdMsd msd, KvmdFirmware firmware)
{
    private readonly object _gate = new();
    private DateTimeOffset? _promptSince;
    private int _typedAtPrompt;
    private int _keysAtPrompt;
    private DateTimeOffset? _installSince;

    public bool Signal => options.Installer || options.Firmware ? atx.PowerLed : options.VideoSignal;

    public string Text()
    {
        if (options.Firmware)
        {
            return firmware.Text();
        }

        if (!options.Installer)
        {
            return hid.Screen;
        }

        lock (_gate)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (!atx.PowerLed || now - atx.PoweredOnAt < options.InstallerBootDelay)
            {
                _promptSince = _installSince = null;
                return string.Empty;
            }

            if (!msd.Connected || msd.DriveImage == null)
            {
                return "No bootable device.\nInsert boot disk and press any key.";
            }

            if (_installSince == null)
            {
                if (_promptSince == null)
                {
                    _promptSince = now;
                    _typedAtPrompt = hid.Screen.Length;
                    _keysAtPrompt = hid.KeyEvents.Count;
                }

                string typed = hid.Screen[_typedAtPrompt..];
                if (!hid.KeyEvents.Skip(_keysAtPrompt).Contains("+Enter") && !typed.Contains('\n'))
                {
                    return "Debian GNU/Linux installer boot menu\n\nPress ENTER to boot or TAB to edit a menu entry\nboot: " + typed;
                }

                _installSince = now;
            }

            return now - _installSince < options.InstallerDuration
                ? "Installing the system...\nRetrieving file 312 of 1024"
                : "Installation complete\nInstallation is complete, so it is time to boot into your new system.";
        }
    }
}
