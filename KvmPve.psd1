@{
    RootModule           = 'KvmPve.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '051da270-d5d8-4028-abaa-40254f930eb8'
    Author               = 'KvmPve contributors'
    CompanyName          = 'KvmPve contributors'
    Copyright            = '(c) KvmPve contributors. MIT License.'
    Description          = 'Drive PiKVM (KVM over IP, its kvmd API) and Proxmox VE (its api2/json REST API) from PowerShell, in interactive sessions, runbooks and scheduled scripts. PiKVM: sessions with certificate pinning and TOTP two-factor authentication, system info, live log, ATX power and buttons, GPIO, keyboard text and chords, screenshots and OCR, virtual media with streamed ISO upload. Proxmox VE: ticket sessions with TFA and renewal or API tokens, cluster-wide guest queries, power actions with -WhatIf and -Wait, tasks. Typed objects on the pipeline, tab completion, help, and errors with stable ids a script can act on.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('KvmPve.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-PiKvm'
        'Disconnect-PiKvm'
        'Get-PiKvmInfo'
        'Get-PiKvmLog'
        'Get-PiKvmSession'
        'Invoke-PiKvmApi'
        'Get-PiKvmAtx'
        'Invoke-PiKvmAtxPower'
        'Invoke-PiKvmAtxButton'
        'Get-PiKvmGpio'
        'Set-PiKvmGpio'
        'Invoke-PiKvmGpioPulse'
        'Get-PiKvmHid'
        'Reset-PiKvmHid'
        'Get-PiKvmKeymap'
        'Send-PiKvmText'
        'Send-PiKvmKey'
        'Save-PiKvmScreenshot'
        'Get-PiKvmScreenText'
        'Get-PiKvmMsd'
        'Get-PiKvmMsdImage'
        'Add-PiKvmMsdImage'
        'Remove-PiKvmMsdImage'
        'Mount-PiKvmMsdImage'
        'Dismount-PiKvmMsdImage'
        'Connect-Pve'
        'Disconnect-Pve'
        'Get-PveSession'
        'Get-PveVersion'
        'Invoke-PveApi'
        'Get-PveNode'
        'Get-PveVm'
        'Start-PveVm'
        'Stop-PveVm'
        'Restart-PveVm'
        'Suspend-PveVm'
        'Resume-PveVm'
        'Get-PveTask'
        'Wait-PveTask'
        'Get-PveTaskLog'
        'Get-PveSnapshot'
        'New-PveSnapshot'
        'Remove-PveSnapshot'
        'Restore-PveSnapshot'
        'Get-PveClusterStatus'
        'Get-PveNextVmId'
        'Copy-PveVm'
        'Move-PveVm'
        'New-PveVm'
        'Remove-PveVm'
        'Get-PveVmConfig'
        'Set-PveVmConfig'
        'Set-PveVmCloudInit'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FileList             = @(
        'KvmPve.psd1'
        'KvmPve.dll'
        'KvmPve.Core.dll'
        'KvmPve.Format.ps1xml'
        'en-US/KvmPve.dll-Help.xml'
        'en-US/about_KvmPve.help.txt'
        'Otp.NET.dll'
        'System.Text.Json.dll'
    )
    PrivateData          = @{
        PSData = @{
            Tags         = @('PiKVM', 'kvmd', 'KVM', 'KVM-over-IP', 'IPMI', 'BMC', 'iDRAC', 'iLO', 'RemoteConsole', 'Proxmox', 'ProxmoxVE', 'PVE',
                'Virtualization', 'Hypervisor', 'Homelab', 'REST', 'TOTP', '2FA', 'Automation',
                'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/KvmPve/KvmPve'
            LicenseUri   = 'https://github.com/KvmPve/KvmPve/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md (https://github.com/KvmPve/KvmPve/blob/main/CHANGELOG.md). 0.1.0: PiKVM connection (session, header or Basic auth, TOTP 2FA, certificate pinning), info, live log, ATX power and buttons, GPIO, keyboard, screenshots and OCR, virtual media; Proxmox VE connection (ticket with TFA and renewal, or API token), nodes, guests, power actions with -WhatIf and -Wait, tasks; both APIs through Invoke-PiKvmApi and Invoke-PveApi.'
        }
    }
}
