<#
.SYNOPSIS
    The tour build.ps1 -Task Demo takes against the simulator: every step is a real cmdlet call, and the first
    one that fails ends the tour with exit code 1.
#>
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $Thumbprint
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path -LiteralPath $Module).Path -Force

function Show-Step([string] $Command) { Write-Host "`n> $Command" -ForegroundColor Cyan }

$cred = [pscredential]::new('admin', (ConvertTo-SecureString 'admin' -AsPlainText -Force))
Show-Step "Connect-PiKvm $Server -Credential admin -CertificateThumbprint $Thumbprint"
Connect-PiKvm $Server -Credential $cred -CertificateThumbprint $Thumbprint | Format-Table
Show-Step 'Get-PiKvmInfo'
Get-PiKvmInfo | Format-List
Show-Step 'Get-PiKvmLog -Seek 01:00:00 | Select-Object -First 3'
Get-PiKvmLog -Seek 01:00:00 | Select-Object -First 3 | Format-Table
Show-Step 'Get-PiKvmLog -Follow | Select-Object -Skip 5 -First 2   (live lines)'
Get-PiKvmLog -Follow | Select-Object -Skip 5 -First 2 | Format-Table
Show-Step 'Get-PiKvmAtx; Get-PiKvmGpio; Get-PiKvmMsd'
Get-PiKvmAtx | Format-Table
Get-PiKvmGpio | Format-Table
Get-PiKvmMsd | Format-Table
Show-Step 'Invoke-PiKvmAtxPower On -WhatIf'
Invoke-PiKvmAtxPower On -WhatIf
Show-Step 'Disconnect-PiKvm'
Disconnect-PiKvm -Confirm:$false

$host_, $port = $Server -split ':'
$root = [pscredential]::new('root@pam', (ConvertTo-SecureString 'proxmox' -AsPlainText -Force))
Show-Step "Connect-Pve $host_ -Port $port -Credential root@pam -CertificateThumbprint $Thumbprint"
Connect-Pve $host_ -Port $port -Credential $root -CertificateThumbprint $Thumbprint | Format-Table
Show-Step 'Get-PveVersion; Get-PveNode'
Get-PveVersion | Format-Table
Get-PveNode | Format-Table
Show-Step 'Get-PveVm'
Get-PveVm | Format-Table
Show-Step 'Get-PveVm -Status stopped | Start-PveVm -Wait'
Get-PveVm -Status stopped | Select-Object -First 1 | Start-PveVm -Wait | Format-Table
Show-Step 'Get-PveTask | Select-Object -First 3'
Get-PveTask | Select-Object -First 3 | Format-Table
Show-Step 'Disconnect-Pve'
Disconnect-Pve -Confirm:$false
Write-Host "`nThe tour is over." -ForegroundColor Green
