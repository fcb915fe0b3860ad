@{
    RootModule           = 'KvmPve.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '051da270-d5d8-4028-abaa-40254f930eb8'
    Author               = 'KvmPve contributors'
    CompanyName          = 'KvmPve'
    Copyright            = '(c) KvmPve contributors. All rights reserved.'
    Description          = 'Drive PiKVM (kvmd) and Proxmox VE from PowerShell: sessions with TLS pinning and TOTP, typed objects, -WhatIf and actionable errors.'
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
        'System.Text.Json.dll'
    )
    PrivateData          = @{
        PSData = @{
            Tags         = @('PiKVM', 'kvmd', 'KVM', 'Proxmox', 'PVE', 'REST', 'TOTP', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = ''
            ReleaseNotes = 'PiKVM: connection (session, header or Basic auth, TOTP 2FA, certificate pinning), info, live log, ATX power and buttons, GPIO, keyboard (text of any length, keys and chords), screenshots and OCR, virtual media (streamed ISO upload, remote download, mount), API escape hatch. Proxmox VE: connection (ticket with TFA and renewal, or API token), nodes, guests cluster-wide, start/stop/restart/suspend/resume with -WhatIf, tasks and waiting, API escape hatch.'
        }
    }
}
