# An Invoke-PiKvmSequence runbook: boot the Debian installer ISO (uploaded first with Add-PiKvmMsdImage) and install
# with a preseed file, unattended. Each step is a hashtable with one action key and that action's options:
#   Type = 'text' (Keymap, Slow) | Key = 'Enter' or @('Ctrl+Alt+Delete', 'Enter') | WaitText = 'pattern'
#   (Regex, TimeoutSec, IntervalSec, Region) | Sleep = seconds | Power = 'On'|'Off'|'OffHard'|'ResetHard' (Wait)
#   | Mount = 'image name' (Media = 'Cdrom'|'Flash') | Mouse = @{ MoveTo = x, y; Click = 'Left'; DoubleClick; Wheel }
# Run it with: Invoke-PiKvmSequence ./Install-Debian.sequence.psd1 -WhatIf   (lists the steps), then without -WhatIf.
@{
    Steps = @(
        @{ Mount = 'debian-12.iso'; Media = 'Cdrom' }
        @{ Power = 'On' }
        @{ WaitText = 'boot:'; TimeoutSec = 300 }
        @{ Type = 'auto url=http://10.0.0.5/preseed.cfg priority=critical' }
        @{ Key = 'Enter' }
        @{ WaitText = 'Installation complete'; TimeoutSec = 3600; IntervalSec = 10 }
    )
}
