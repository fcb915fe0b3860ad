<#
.SYNOPSIS
    The whole provisioning and recovery loop over the Proxmox VE API, no SSH: a cloud image by URL, a VM made from it
    (import-from), cloud-init, a template, clones with their own VMIDs, started, their addresses, a backup, and a
    restore drill that proves the backup restores.
.EXAMPLE
    ./New-CloudFleet.ps1 -Server pve1.example.net -Credential (Get-Credential root@pam) -Thumbprint $pin -Node pve1 -Count 10 -SshKey (Get-Content ~/.ssh/id_ed25519.pub)
#>
param(
    [Parameter(Mandatory)] [string] $Server,
    [int] $Port = 8006,
    [Parameter(Mandatory)] [pscredential] $Credential,
    # SHA-256 of the PVE node's certificate (Connect-Pve without it shows the thumbprint it was offered).
    [Parameter(Mandatory)] [string] $Thumbprint,
    [Parameter(Mandatory)] [string] $Node,
    [uri] $ImageUrl = 'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2',
    # Where the image lands (content import), the VMs' disks, and the backups.
    [string] $ImageStorage = 'local',
    [string] $DiskStorage = 'local-lvm',
    [string] $BackupStorage = 'local',
    [string] $Prefix = 'fleet',
    [ValidateRange(1, 100)] [int] $Count = 10,
    [string] $SshKey,
    # Only addresses in this network count as reachable.
    [string] $Subnet,
    [int] $TimeoutSec = 600
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module KvmPve)) { Import-Module KvmPve }
$session = Connect-Pve $Server -Port $Port -Credential $Credential -CertificateThumbprint $Thumbprint
try {
    $image = Split-Path $ImageUrl.AbsolutePath -Leaf
    Write-Host "1. $image from $ImageUrl into ${ImageStorage}:import (PVE downloads it)"
    $null = Add-PveStorageContent -Url $ImageUrl -Storage $ImageStorage -Node $Node -Content import -Force -Wait -Confirm:$false

    Write-Host "2. A VM with its disk imported from the image, a cloud-init drive and the guest agent"
    $template = New-PveVm -Node $Node -Name "$Prefix-template" -Parameter @{
        memory = 2048; cores = 2; agent = 1; scsihw = 'virtio-scsi-single'
        scsi0  = "${DiskStorage}:0,import-from=${ImageStorage}:import/$image"
        ide2   = "${DiskStorage}:cloudinit"
        net0   = 'virtio,bridge=vmbr0'
        boot   = 'order=scsi0'
    } -Wait -Confirm:$false

    Write-Host "3. Cloud-init: a user, the SSH key, DHCP; then the VM becomes the template"
    $cloudInit = @{ User = 'debian'; IpConfig = 'ip=dhcp'; Confirm = $false }
    if ($SshKey) { $cloudInit.SshKey = $SshKey }
    Set-PveVmCloudInit -VmId $template.VmId @cloudInit
    $null = ConvertTo-PveTemplate -VmId $template.VmId -Wait -Confirm:$false

    Write-Host "4. $Count clones, each with the next free VMID and its own name, side by side"
    # VmId, Node and Type bind to the template; NewName binds by property name, one per clone.
    $clones = @(1..$Count | ForEach-Object { [pscustomobject]@{ VmId = $template.VmId; Node = $template.Node; Type = $template.Type; NewName = '{0}-{1:d2}' -f $Prefix, $_ } } |
        Copy-PveVm -Wait -WaitTimeoutSec $TimeoutSec -Confirm:$false)

    Write-Host "5. Started, and their addresses"
    $null = $clones | Start-PveVm -Wait -Confirm:$false
    $addresses = @{ AddressFamily = 'IPv4'; TimeoutSec = $TimeoutSec }
    if ($Subnet) { $addresses.Subnet = $Subnet }
    $ips = $clones | Wait-PveGuestIp @addresses
    $ips | Format-Table VmId, Name, IPAddress, Elapsed | Out-Host

    Write-Host "6. A backup of every clone (one vzdump per node)"
    $archives = $clones | New-PveBackup -Storage $BackupStorage -Mode snapshot -Wait -Confirm:$false

    Write-Host "7. A restore drill: each archive restored with its links down, booted, its agent asked, removed"
    $drills = $clones | Test-PveBackupRestore -Boot -Confirm:$false
    $drills | Format-Table VmId, RestoredVmId, RestoredIn, Booted, AgentAnswered, Removed, Succeeded | Out-Host

    [pscustomobject]@{
        Template  = $template.VmId
        Clones    = $clones.VmId
        Addresses = $ips.IPAddress
        Archives  = @($archives).Count
        Drills    = @($drills | Where-Object Succeeded).Count
    }
}
finally {
    Disconnect-Pve -Session $session -Confirm:$false
}
