<#
.SYNOPSIS
    Installs Debian on the machine behind a PiKVM without anyone at the console: uploads the installer ISO, boots
    it, types the preseeded boot line at the installer's "boot:" prompt, and waits until the screen says the
    installation is complete. The screen is read by the PiKVM's OCR.
.EXAMPLE
    ./Install-DebianUnattended.ps1 -Server kvm.example.net -Credential (Get-Credential admin) -Thumbprint $pin -Iso ./debian-12.iso -PreseedUrl http://10.0.0.5/preseed.cfg
#>
param(
    # The PiKVM's host name, with :port when it is not 443.
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [pscredential] $Credential,
    [Parameter(Mandatory)] [string] $Thumbprint,
    [Parameter(Mandatory)] [string] $Iso,
    # The preseed file the installer fetches (Debian's "auto url=...").
    [Parameter(Mandatory)] [string] $PreseedUrl,
    # How long the installation may take.
    [int] $InstallTimeoutSec = 3600
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module KvmPve)) { Import-Module KvmPve }
$null = Connect-PiKvm $Server -Credential $Credential -CertificateThumbprint $Thumbprint
try {
    $image = Add-PiKvmMsdImage -Path $Iso -Force -Confirm:$false
    $null = Mount-PiKvmMsdImage $image.Name -Media Cdrom -Confirm:$false
    $null = Invoke-PiKvmAtxPower On -Wait -Confirm:$false
    # The installer's boot menu; the screen is dark (no signal) while the firmware starts, which the wait goes through.
    $null = Wait-PiKvmScreenText 'boot:' -TimeoutSec 300
    Send-PiKvmText "auto url=$PreseedUrl priority=critical" -Confirm:$false
    Send-PiKvmKey Enter -Confirm:$false
    $done = Wait-PiKvmScreenText 'Installation complete' -TimeoutSec $InstallTimeoutSec -PassThru
    Write-Output ([pscustomobject]@{ Server = $Server; Image = $image.Name; Installed = $true; Took = $done.Elapsed; Screen = $done.Match })
    $null = Dismount-PiKvmMsdImage -Confirm:$false
}
finally {
    Disconnect-PiKvm -Confirm:$false
}
