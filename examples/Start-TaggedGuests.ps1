<#
.SYNOPSIS
    Starts every stopped Proxmox VE guest with a tag and waits for their start tasks, with an API token.
.EXAMPLE
    ./Start-TaggedGuests.ps1 -Server pve1.example.net -Tag web -TokenCredential (Get-Credential 'automation@pve!runbook') -Thumbprint $pin
#>
param(
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $Tag,
    # user@realm!tokenid as the user name, the token's secret as the password.
    [Parameter(Mandatory)] [pscredential] $TokenCredential,
    # SHA-256 of the PVE node's certificate (Connect-Pve without it shows the thumbprint it was offered).
    [Parameter(Mandatory)] [string] $Thumbprint
)

$ErrorActionPreference = 'Stop'
Import-Module KvmPve
$session = Connect-Pve $Server -ApiToken $TokenCredential -CertificateThumbprint $Thumbprint
try {
    $guests = @(Get-PveVm -Tag $Tag -Status stopped)
    Write-Host "Starting $($guests.Count) guest(s) tagged '$Tag'."
    $guests | Start-PveVm -Wait -Confirm:$false | Format-Table StartTime, Node, Id, ExitStatus
}
finally {
    Disconnect-Pve -Session $session -Confirm:$false
}
