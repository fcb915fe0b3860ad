<#
.SYNOPSIS
    Saves a small screenshot and the screen's text of each PiKVM in a list, for a morning report. A PiKVM that
    cannot be reached is reported and the others go on.
.EXAMPLE
    ./Save-ScreenReport.ps1 -PiKvm @{ Server = 'kvm1.example.net'; Thumbprint = $pin1 }, @{ Server = 'kvm2.example.net'; Thumbprint = $pin2 } -Credential (Get-Credential admin)
#>
param(
    [Parameter(Mandatory)] [hashtable[]] $PiKvm,
    [Parameter(Mandatory)] [pscredential] $Credential,
    [string] $Folder = (Join-Path (Get-Location) "screens-$(Get-Date -Format yyyyMMdd)")
)

Import-Module KvmPve
$null = New-Item -ItemType Directory -Path $Folder -Force
foreach ($kvm in $PiKvm) {
    try {
        $session = Connect-PiKvm $kvm.Server -Credential $Credential -CertificateThumbprint $kvm.Thumbprint -TimeoutSec 10 -ErrorAction Stop
        $file = Save-PiKvmScreenshot (Join-Path $Folder "$($kvm.Server).jpg") -MaxWidth 640 -AllowOffline -Session $session
        $text = Get-PiKvmScreenText -AllowOffline -Session $session
        [pscustomobject]@{ Server = $kvm.Server; Screenshot = $file.FullName; Text = ($text -split "`n")[0] }
        Disconnect-PiKvm -Session $session -Confirm:$false
    }
    catch {
        Write-Warning "$($kvm.Server): $($_.Exception.Message)"
    }
}
