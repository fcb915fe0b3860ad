using KvmPve.Time;

namespace KvmPve.Simulator.PiKvm;

/// <summary>How the fake kvmd behaves; change values between requests to stage a scenario.</summary>
public sealed class PiKvmSimulatorOptions
{
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal) { ["admin"] = "admin" };

    /// <summary>Base32 TOTP secret: when set, the last six characters of every password must be the current code.</summary>
    public string? TotpSecret { get; set; }

    /// <summary>Windows accepted either side of the current one (kvmd: 1).</summary>
    public int TotpTolerance { get; set; } = 1;

    public bool AuthEnabled { get; set; } = true;

    public bool LogReaderEnabled { get; set; } = true;

    /// <summary>How often the journal gets a new record while the simulator runs.</summary>
    public TimeSpan LogInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Behave like kvmd 3.x: no uptime or node sections, health only under hw.</summary>
    public bool OldKvmd { get; set; }

    /// <summary>The simulator's idea of now (TOTP checks); tests share a fake clock with the client.</summary>
    public Clock Clock { get; set; } = Clock.System;

    /// <summary>Whether the PiKVM has ATX control (the fixture's kvmd has it off; a PiKVM V3/V4 has it on).</summary>
    public bool AtxEnabled { get; set; } = true;

    /// <summary>Whether the captured machine sends a picture; without one the snapshot answers 503 unless allow_offline.</summary>
    public bool VideoSignal { get; set; } = true;

    /// <summary>
    /// The screen is a scripted OS installer (KvmdScreen): dark while the machine is off, "boot:" a moment after it
    /// powers on from mounted media, installing once a line is typed there, then "Installation complete".
    /// </summary>
    public bool Installer { get; set; }

    /// <summary>
    /// The screen is a machine's firmware (KvmdFirmware): its start screen for <see cref="FirmwarePostWindow"/> after
    /// power on or reset, where F12 opens a one-time boot menu (arrows move, Enter boots the entry), else it boots.
    /// </summary>
    public bool Firmware { get; set; }

    public TimeSpan FirmwarePostWindow { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan InstallerBootDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan InstallerDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The captured screen's size (ustreamer's source resolution).</summary>
    public int ScreenWidth { get; set; } = 1920;

    public int ScreenHeight { get; set; } = 1080;

    /// <summary>How long after a write or remove the MSD storage view shows it (kvmd: about a second).</summary>
    public TimeSpan MsdStorageRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>PiKVM Switch units chained (four ports each, up to five); 0 like a PiKVM without a Switch.</summary>
    public int SwitchUnits { get; set; }

    /// <summary>How long an ATX press keeps ATX busy (a long press counts five times this).</summary>
    public TimeSpan AtxPress { get; set; } = TimeSpan.FromMilliseconds(150);
}
