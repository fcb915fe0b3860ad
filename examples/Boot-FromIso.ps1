<#
.SYNOPSIS
    Boots the machine behind a PiKVM from an ISO: uploads it (streamed, with progress), mounts it as a CD-ROM,
    powers the machine on and opens its boot menu.
.EXAMPLE
    ./Boot-FromIso.ps1 -Server kvm.example.net -Credential (Get-Credential admin) -Thumbprint $pin -Iso ./debian-12.iso
#>
param(
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [pscredential] $Credential,
    [Parameter(Mandatory)] [string] $Thumbprint,
    [Parameter(Mandatory)] [string] $Iso,
    # The key the machine's firmware opens its boot menu with.
    [string] $BootMenuKey = 'F12',
    # With two-factor authentication on the PiKVM: its base32 TOTP secret.
    [securestring] $TotpSecret
)

$ErrorActionPreference = 'Stop'
Import-Module KvmPve
$connect = @{ Server = $Server; Credential = $Credential; CertificateThumbprint = $Thumbprint }
if ($TotpSecret) { $connect.TotpSecret = $TotpSecret }
$null = Connect-PiKvm @connect
try {
    $image = Add-PiKvmMsdImage -Path $Iso -Force -Confirm:$false
    Mount-PiKvmMsdImage $image.Name -Media Cdrom -Confirm:$false | Format-Table
    Invoke-PiKvmAtxPower On -Wait -Confirm:$false | Format-Table
    # Press the boot-menu key for a while, as a person would while the firmware starts.
    1..10 | ForEach-Object { Send-PiKvmKey $BootMenuKey -Confirm:$false; Start-Sleep -Seconds 1 }
    Save-PiKvmScreenshot (Join-Path (Get-Location) 'boot-menu.jpg') -AllowOffline
}
finally {
    Disconnect-PiKvm -Confirm:$false
}
