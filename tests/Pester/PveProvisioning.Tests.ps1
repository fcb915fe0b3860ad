# Issue 16: the provisioning and recovery loop over the API only — restore, drills, backup coverage, disks, templates,
# tags, pools and guest addresses — against the simulator.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator
    $null = Connect-TestPve $sim
    function Get-Change([int] $Since) {
        @(Get-KvmPveSimulatorRequest $sim | Select-Object -Skip $Since | Where-Object { $_.method -ne 'GET' -and $_.path -ne '/api2/json/access/ticket' })
    }
    function Set-IpDelay([int] $VmId, [double] $Seconds) {
        $null = Invoke-RestMethod -Method Post -Uri "$($sim.BaseUri)_simulator/pve/guest-ip-delay?vmid=$VmId&seconds=$Seconds" -SkipCertificateCheck
    }
    $archive = 'nfs-backup:backup/vzdump-qemu-100-2025_11_01-02_00_00.vma.zst'
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Input refused before any change' {
    It 'refuses <What>, naming what is valid' -ForEach @(
        @{ What = 'an unknown disk'; Call = { Resize-PveVmDisk web01 -Disk scsi7 -Size 64G -Confirm:$false -ErrorAction Stop }; Id = 'PveDiskNotFound'; Text = '*Its disks: ide2, scsi0*' }
        @{ What = 'a shrink'; Call = { Resize-PveVmDisk web01 -Disk scsi0 -Size 8G -Confirm:$false -ErrorAction Stop }; Id = 'PveDiskShrink'; Text = '*PVE cannot do*' }
        @{ What = 'a bad size unit'; Call = { Resize-PveVmDisk web01 -Disk scsi0 -Size 10X -Confirm:$false -ErrorAction Stop }; Id = 'PveInvalidSize'; Text = '*K, M, G or T*' }
        @{ What = 'both -Size and -Grow'; Call = { Resize-PveVmDisk web01 -Disk scsi0 -Size 40G -Grow 1G -Confirm:$false -ErrorAction Stop }; Id = 'PveDiskSizeMissing'; Text = '*one of them*' }
        @{ What = 'an unknown archive'; Call = { Restore-PveBackup 'nfs-backup:backup/vzdump-qemu-999-2025_01_01-00_00_00.vma' -Confirm:$false -ErrorAction Stop }; Id = 'PveArchiveNotFound'; Text = '*Get-PveBackup lists*' }
        @{ What = 'a volume that is no archive'; Call = { Restore-PveBackup 'local:iso/debian.iso' -Confirm:$false -ErrorAction Stop }; Id = 'PveInvalidArchive'; Text = '*vzdump-qemu|lxc*' }
        @{ What = 'an overwrite of a running guest'; Call = { Restore-PveBackup $archive -VmId 100 -Force -Confirm:$false -ErrorAction Stop }; Id = 'PveVmRunning'; Text = '*Stop it first*' }
        @{ What = 'an overwrite without -Force'; Call = { Restore-PveBackup $archive -VmId 101 -Confirm:$false -ErrorAction Stop }; Id = 'PveVmIdTaken'; Text = '*-Force*' }
        @{ What = 'a tag PVE does not take'; Call = { Add-PveVmTag web01 -Tag 'two words' -Confirm:$false -ErrorAction Stop }; Id = 'PveInvalidTag'; Text = "*letters, digits*" }
        @{ What = 'a bad subnet'; Call = { Wait-PveGuestIp web01 -Subnet 10.0.0.0/40 -ErrorAction Stop }; Id = 'PveInvalidSubnet'; Text = '*CIDR*' }
        @{ What = 'a bad pool name'; Call = { New-PvePool 'my pool' -Confirm:$false -ErrorAction Stop }; Id = 'PveInvalidPoolName'; Text = '*letters, digits*' }
        @{ What = 'a template from a running guest'; Call = { ConvertTo-PveTemplate web01 -Confirm:$false -ErrorAction Stop }; Id = 'PveVmRunning'; Text = '*stopped guests*' }
        @{ What = 'a taken disk key'; Call = { Add-PveVmDisk web01 -Disk scsi0 -Storage local-lvm -Size 1G -Confirm:$false -ErrorAction Stop }; Id = 'PveDiskExists'; Text = '*such as scsi1*' }
    ) {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $e = $Call | Should -Throw -ErrorId "$Id,*" -PassThru
        $e.Exception.Message | Should -BeLike $Text
        Get-Change $before | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        Resize-PveVmDisk web01 -Disk scsi0 -Grow 1G -WhatIf
        Move-PveVmDisk web01 -Disk scsi0 -Storage local -WhatIf
        Add-PveVmDisk web01 -Disk scsi1 -Storage local-lvm -Size 1G -WhatIf
        Remove-PveVmDisk web01 -Disk scsi0 -WhatIf
        ConvertTo-PveTemplate web02 -WhatIf
        Add-PveVmTag web01 -Tag x -WhatIf
        Remove-PveVmTag web01 -Tag prod -WhatIf
        New-PvePool p1 -WhatIf
        Remove-PvePool databases -WhatIf
        Add-PvePoolMember databases -VmId 100 -WhatIf
        Remove-PvePoolMember databases -VmId 102 -WhatIf
        Restore-PveBackup $archive -WhatIf
        Test-PveBackupRestore web01 -WhatIf
        Get-Change $before | Should -BeNullOrEmpty
    }
}

Describe 'Tags and pools' {
    It 'adds and removes tags with PVE''s rules, guarded by the digest' {
        (Add-PveVmTag web02 -Tag blue, Blue, green -PassThru -Confirm:$false).Tags | Should -Be @('prod', 'web', 'blue', 'green')
        (Remove-PveVmTag web02 -Tag 'gr*', prod -PassThru -Confirm:$false).Tags | Should -Be @('web', 'blue')
        (Get-PveVm -Tag blue).Name | Should -Be 'web02'
    }

    It 'makes a pool, puts guests and a storage in it, and removes it once empty' {
        $pool = New-PvePool ci -Comment 'CI guests' -Confirm:$false
        $pool | Should -BeOfType ([KvmPve.PvePool])
        Get-PveVm -VmId 100, 200 | Add-PvePoolMember ci -Confirm:$false
        Add-PvePoolMember ci -Storage local -Confirm:$false
        { Add-PvePoolMember ci -VmId 102 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveServerError,*'
        Add-PvePoolMember ci -VmId 102 -Force -Confirm:$false
        $members = (Get-PvePool ci).Members
        ($members | Where-Object VmId).VmId | Sort-Object | Should -Be @(100, 102, 200)
        ($members | Where-Object Type -eq storage).Storage | Select-Object -Unique | Should -Be 'local'
        (Get-PvePool databases).Members | Should -BeNullOrEmpty
        { Remove-PvePool ci -Confirm:$false -ErrorAction Stop } | Should -Throw '*is not empty*'
        Get-PveVm -VmId 100, 102, 200 | Remove-PvePoolMember ci -Confirm:$false
        Remove-PvePoolMember ci -Storage local -Confirm:$false
        Remove-PvePool ci -Confirm:$false
        (Get-PvePool).Name | Should -Not -Contain 'ci'
    }
}

Describe 'Guest addresses' {
    It 'lists a VM''s and a container''s interfaces' {
        $vm = Get-PveGuestNetwork web01
        # (An array's .Address is its own method in PowerShell: the addresses are taken one by one.)
        ($vm | Where-Object Name -eq eth0).Addresses | ForEach-Object { "$($_.Address)" } | Should -Contain '10.0.1.102'
        (Get-PveGuestNetwork dns01 | Where-Object Name -eq eth0).MacAddress | Should -Be 'BC:24:11:01:00:C8'
    }

    It 'waits for guests side by side, skipping link-local addresses, each with its timeout' {
        Set-IpDelay 101 2
        $null = Start-PveVm web02 -Wait -Confirm:$false
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ips = Get-PveVm -VmId 100, 101, 200 | Wait-PveGuestIp -AddressFamily IPv4 -TimeoutSec 20
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
        $ips | Should -BeOfType ([KvmPve.PveGuestIp])
        ($ips | Where-Object VmId -eq 101).IPAddress.IPAddressToString | Should -Be '10.0.1.103'
        $ips.IPAddress.IPAddressToString | Should -Not -BeLike '169.254.*'
        $watch.Restart()
        $e = { Wait-PveGuestIp web01 -Subnet 192.168.0.0/16 -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestIpTimeout,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $e.Exception.Message | Should -BeLike '*169.254.100.7*10.0.1.102*'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $null = Stop-PveVm web02 -TurnOff -Wait -Confirm:$false
    }
}

Describe 'Disks and templates' {
    It 'grows, adds, moves, detaches and destroys disks' {
        (Resize-PveVmDisk web02 -Disk scsi0 -Grow 8G -Wait -Confirm:$false).ExitStatus | Should -Be 'OK'
        ((Get-PveVmConfig web02).Disks | Where-Object Key -eq scsi0).Size | Should -Be '40G'
        $null = Add-PveVmDisk web02 -Disk scsi1 -Storage local-lvm -Size 2G -Option @{ discard = 'on' } -Wait -Confirm:$false
        $null = Move-PveVmDisk web02 -Disk scsi1 -Storage local -Wait -Confirm:$false
        $disks = (Get-PveVmConfig web02).Disks
        ($disks | Where-Object Key -eq scsi1).Storage | Should -Be 'local'
        ($disks | Where-Object Key -eq unused0).Storage | Should -Be 'local-lvm'
        Remove-PveVmDisk web02 -Disk unused0 -Confirm:$false
        Remove-PveVmDisk web02 -Disk scsi1 -Destroy -Confirm:$false
        (Get-PveVmConfig web02).Disks.Key | Should -Be @('ide2', 'scsi0')
    }

    It 'imports a cloud image into a new VM and makes it a template' {
        $null = Add-PveStorageContent -Url 'https://images.example.net/debian-12-genericcloud-amd64.qcow2' -Storage local -Node pve1 -Content import -Wait -Confirm:$false
        $vm = New-PveVm -Node pve1 -Name tpl-cloud -Parameter @{ memory = 2048; agent = 1; scsi0 = 'local-lvm:0,import-from=local:import/debian-12-genericcloud-amd64.qcow2'; net0 = 'virtio,bridge=vmbr0' } -Wait -Confirm:$false
        ((Get-PveVmConfig -VmId $vm.VmId).Disks | Where-Object Key -eq scsi0).Volume | Should -BeLike "local-lvm:vm-$($vm.VmId)-disk-*"
        (ConvertTo-PveTemplate -VmId $vm.VmId -Wait -Confirm:$false).Type | Should -Be 'qmtemplate'
        (Get-PveVm -VmId $vm.VmId).Template | Should -BeTrue
    }
}

Describe 'Backups: status, restore, drill' {
    It 'tells each guest''s newest archive, its job, and what is stale' {
        $status = Get-PveBackupStatus -MaxAge (New-TimeSpan -Days 1)
        $status | Should -BeOfType ([KvmPve.PveBackupStatus])
        ($status | Where-Object VmId -eq 100).NewestArchive | Should -Be $archive
        ($status | Where-Object VmId -eq 200).CoveredByJob | Should -BeFalse
        @(Get-PveBackupStatus -MaxAge (New-TimeSpan -Days 36500) -Stale).VmId | Should -Not -Contain 100
        { Get-PveBackupStatus -Stale -ErrorAction Stop } | Should -Throw -ErrorId 'PveStaleWithoutMaxAge,*'
    }

    It 'restores to a new VMID from the pipeline, and over a stopped guest with -Force' {
        $restored = Get-PveBackup -VmId 100 | Select-Object -First 1 | Restore-PveBackup -Unique -Wait -Confirm:$false
        $restored | Should -BeOfType ([KvmPve.PveVm])
        $restored.VmId | Should -Not -Be 100
        $restored.Lock | Should -BeNullOrEmpty
        $over = Restore-PveBackup $archive -VmId $restored.VmId -Force -Wait -Confirm:$false
        $over.VmId | Should -Be $restored.VmId
        Remove-PveVm -VmId $restored.VmId -Wait -Confirm:$false | Out-Null
    }

    It 'drills: restores, boots, asks the agent and removes, leaving the original alone' {
        $before = Get-PveVmConfig web01
        $drill = Get-PveVm web01 | Test-PveBackupRestore -Boot -AgentTimeoutSec 20 -Confirm:$false
        $drill | Should -BeOfType ([KvmPve.PveRestoreDrill])
        ($drill.Succeeded, $drill.Booted, $drill.AgentAnswered, $drill.Removed) | Should -Be @($true, $true, $true, $true)
        $drill.Archive | Should -Be $archive
        Get-PveVm -VmId $drill.RestoredVmId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-PveVmConfig web01).Digest | Should -Be $before.Digest
        $none = Get-PveVm web02 | Test-PveBackupRestore -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PveArchiveNotFound,*'
    }

    It 'sent no request the PVE schema refuses' {
        Get-KvmPveSchemaViolation $sim | Should -BeNullOrEmpty
    }
}

Describe 'examples/New-CloudFleet.ps1' {
    It 'runs to its end: cloud image, import, cloud-init, template, 10 clones, started, addresses, backup, restore drill' {
        $credential = New-TestCredential -UserName 'root@pam' -Password 'proxmox'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = & (Join-Path $PSScriptRoot '../../examples/New-CloudFleet.ps1') -Server $sim.Host -Port $sim.Port -Credential $credential -Thumbprint $sim.Thumbprint -Node pve1 -Count 10 -SshKey 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKvmpve ci@example' -Subnet 10.0.0.0/8 -TimeoutSec 120 6>$null
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 90
        $result.Clones.Count | Should -Be 10
        @($result.Clones | Sort-Object -Unique).Count | Should -Be 10
        $result.Addresses.Count | Should -Be 10
        $result.Archives | Should -Be 10
        $result.Drills | Should -Be 10
        # The script closed its own session, which was this runspace's default: connect again to look.
        $null = Connect-TestPve $sim
        (Get-PveVm -VmId $result.Template).Template | Should -BeTrue
        (Get-PveVm -Name 'fleet-[0-9]*').Name | Sort-Object | Should -Be @(1..10 | ForEach-Object { 'fleet-{0:d2}' -f $_ })
        (Get-PveVmConfig -VmId $result.Template).Keys['sshkeys'] | Should -Not -BeNullOrEmpty
        Get-KvmPveSchemaViolation $sim | Should -BeNullOrEmpty
    }
}
