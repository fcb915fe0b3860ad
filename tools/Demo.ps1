<#
.SYNOPSIS
    The tour build.ps1 -Task Demo takes against the simulator: what the module is for, every step a real cmdlet call
    (a cluster-wide query, parallel -Wait, a snapshot tree, a clone with its own VMID, a change refused by the digest,
    an upload with progress, a live PiKVM event, a screen wait). The first step that fails ends the tour with exit code 1.
#>
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $Thumbprint
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path -LiteralPath $Module).Path -Force

function Show-Step([string] $Command) { Write-Host "`n> $Command" -ForegroundColor Cyan }

$host_, $port = $Server -split ':'
$root = [pscredential]::new('root@pam', (ConvertTo-SecureString 'proxmox' -AsPlainText -Force))
Show-Step "Connect-Pve $host_ -Port $port -Credential root@pam -CertificateThumbprint $Thumbprint   # the pin, not -SkipCertificateCheck"
Connect-Pve $host_ -Port $port -Credential $root -CertificateThumbprint $Thumbprint | Format-Table

Show-Step 'Get-PveVm -Name web*, dns*   # one request for the whole cluster'
Get-PveVm -Name web*, dns* | Format-Table

Show-Step 'Get-PveVm -Status stopped -Type Qemu | Start-PveVm -Wait   # the tasks run side by side'
$watch = [Diagnostics.Stopwatch]::StartNew()
Get-PveVm -Status stopped -Type Qemu | Where-Object { -not $_.Template } | Start-PveVm -Wait -Confirm:$false | Format-Table
Write-Host "waited $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s for all of them"

Show-Step 'Get-PveSnapshot -VmName web01   # a tree, "<- current" where the guest stands'
Get-PveSnapshot -VmName web01 | Format-Table

Show-Step "Copy-PveVm tpl-debian -NewName demo-clone -Wait   # the next free VMID, held while it is used"
$clone = Copy-PveVm tpl-debian -NewName demo-clone -Wait -Confirm:$false
$clone | Format-Table

Show-Step '$read = Get-PveVmConfig web02; (someone else changes it); $read | Set-PveVmConfig ...   # the digest refuses'
$read = Get-PveVmConfig web02
Set-PveVmConfig web02 -Parameter @{ description = 'changed by a colleague' } -Confirm:$false
try {
    $read | Set-PveVmConfig -Parameter @{ description = 'mine' } -Confirm:$false
    throw 'The stale digest was not refused.'
}
catch [System.Management.Automation.RuntimeException] {
    if ($_.FullyQualifiedErrorId -notlike 'PveConfigChanged,*') { throw }
    Write-Host "refused ($($_.CategoryInfo.Category)): $($_.Exception.Message)" -ForegroundColor Yellow
}

Show-Step 'Add-PveStorageContent ./demo.iso -Storage local -Node pve2 -Checksum ... -Wait   # streamed, with progress'
$iso = Join-Path ([IO.Path]::GetTempPath()) "kvmpve-demo-$PID.iso"
$bytes = [byte[]]::new(8MB)
[Random]::new(1).NextBytes($bytes)
[IO.File]::WriteAllBytes($iso, $bytes)
try {
    $sha = (Get-FileHash $iso -Algorithm SHA256).Hash.ToLowerInvariant()
    Add-PveStorageContent -LiteralPath $iso -Storage local -Node pve2 -FileName demo.iso -Checksum $sha -ChecksumAlgorithm sha256 -Wait -Confirm:$false | Format-Table
}
finally {
    Remove-Item -LiteralPath $iso -ErrorAction SilentlyContinue
}
Disconnect-Pve -Confirm:$false

$cred = [pscredential]::new('admin', (ConvertTo-SecureString 'admin' -AsPlainText -Force))
Show-Step "Connect-PiKvm $Server -Credential admin -CertificateThumbprint $Thumbprint"
Connect-PiKvm $Server -Credential $cred -CertificateThumbprint $Thumbprint | Format-Table

Show-Step 'Watch-PiKvmEvent gpio | Where-Object { -not $_.Change.model } | Select-Object -First 1   # the change while relay1 switches'
$change = Start-ThreadJob -ArgumentList (Get-Module KvmPve).Path, $Server, $cred, $Thumbprint -ScriptBlock {
    param($Module, $Server, $Credential, $Thumbprint)
    Import-Module $Module
    $null = Connect-PiKvm $Server -Credential $Credential -CertificateThumbprint $Thumbprint
    Start-Sleep -Milliseconds 1500
    $null = Set-PiKvmGpio relay1 $true -Wait -Confirm:$false
}
try {
    Watch-PiKvmEvent gpio -TimeoutSec 20 | Where-Object { -not $_.Change.model } | Select-Object -First 1 |
        Format-List Type, Time, @{ Name = 'Change'; Expression = { $_.Change | ConvertTo-Json -Depth 5 -Compress } }
}
finally {
    $change | Receive-Job -Wait -AutoRemoveJob
}

Show-Step "Get-PiKvmScreenText; Wait-PiKvmScreenText 'login:' -TimeoutSec 5   # every wait ends, saying what it saw"
Get-PiKvmScreenText
try {
    Wait-PiKvmScreenText 'login:' -TimeoutSec 5 -IntervalSec 1
    Write-Host 'the screen shows a login prompt'
}
catch [System.Management.Automation.RuntimeException] {
    if ($_.CategoryInfo.Category -ne 'OperationTimeout') { throw }
    Write-Host "ended at its timeout: $($_.Exception.Message)" -ForegroundColor Yellow
}

Show-Step 'Invoke-PiKvmAtxPower On -WhatIf'
Invoke-PiKvmAtxPower On -WhatIf
Disconnect-PiKvm -Confirm:$false
Write-Host "`nThe tour is over." -ForegroundColor Green
