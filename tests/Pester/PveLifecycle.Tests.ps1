# Guest lifecycle: next VMID, clone, migrate, create, remove, configuration and cloud-init, in real pwsh against the
# simulator: -WhatIf sending nothing, bad input refused before any request, pipeline binding from Get-PveVm.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    # web02 (101) uses a local device: PVE refuses to migrate it.
    $sim = Start-KvmPveSimulator -TaskSeconds 0.3 -PinnedGuest 101
    $null = Connect-TestPve $sim
    function Get-Change { param([string] $Like = '*') @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -ne 'GET' -and $_.path -like $Like }) }
    function Get-RequestCount { @(Get-KvmPveSimulatorRequest $sim).Count }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PveNextVmId' {
    It 'gives the next free VMID, and with -Reserve holds it from the next caller' {
        $next = Get-PveNextVmId
        $next | Should -BeOfType ([int])
        $next | Should -Be 104
        $held = Get-PveNextVmId -Reserve
        $held | Should -Be 104
        Get-PveNextVmId | Should -Be 105
    }
}

Describe 'Get-PveVmConfig' {
    It 'types the common fields and parses disks and network cards' {
        $config = Get-PveVm -Name web01 | Get-PveVmConfig
        $config | Should -BeOfType ([KvmPve.PveVmConfig])
        $config.Name | Should -Be 'web01'
        $config.Cores | Should -Be 2
        $config.Memory | Should -Be 4096
        $config.Tags | Should -Be @('prod', 'web')
        $config.Digest | Should -Match '^[0-9a-f]{40}$'
        $scsi0 = $config.Disks | Where-Object Key -eq 'scsi0'
        $scsi0.Storage | Should -Be 'local-lvm'
        $scsi0.SizeBytes | Should -Be 32GB
        ($config.Disks | Where-Object Key -eq 'ide2').Media | Should -Be 'cdrom'
        $config.Nets[0].Model | Should -Be 'virtio'
        $config.Nets[0].Bridge | Should -Be 'vmbr0'
        $config.Nets[0].MacAddress | Should -Match '^BC:24:11:'
        $config.Keys['scsihw'] | Should -Be 'virtio-scsi-single'
    }

    It 'reads a container''s hostname, root disk and interface' {
        $config = Get-PveVmConfig dns01
        $config.Type | Should -Be 'Lxc'
        $config.Name | Should -Be 'dns01'
        ($config.Disks | Where-Object Key -eq 'rootfs').SizeBytes | Should -Be 8GB
        $config.Nets[0].Model | Should -Be 'veth'
        $config.Nets[0].IpAddress | Should -Be 'dhcp'
    }

    It 'shows disks and network cards in its default view' {
        $view = Get-PveVmConfig web01 | Out-String
        $view | Should -Match 'scsi0: local-lvm:vm-100-disk-0 \(32G\)'
        $view | Should -Match 'net0: virtio BC:24:11:\S+ on vmbr0'
    }
}

Describe 'Set-PveVmConfig' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change '*/config').Count
        Get-PveVm -Name web01 | Set-PveVmConfig -Parameter @{ cores = 8 } -WhatIf
        (Get-Change '*/config').Count | Should -Be $before
    }

    It 'refuses a key that is not in PVE''s schema before any request, naming near matches' {
        $before = (Get-Change).Count
        $e = { Set-PveVmConfig web01 -Parameter @{ nett0 = 'virtio,bridge=vmbr1' } -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidConfigKey,*' -PassThru
        "$e" | Should -BeLike "*'nett0'*Did you mean 'net0'*"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        # A container's keys are not a VM's.
        { Set-PveVmConfig dns01 -Parameter @{ sockets = 2 } -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidConfigKey,*'
        (Get-Change).Count | Should -Be $before
    }

    It 'changes and deletes keys; a running VM''s cold change waits as pending' {
        $config = Set-PveVmConfig web01 -Parameter @{ cores = 4; description = 'Front end'; onboot = $true } -PassThru
        $config.Description | Should -Be 'Front end'
        $config.Keys['onboot'] | Should -Be '1'
        # -PassThru writes the configuration the next start brings, with what is pending listed apart.
        $config.Cores | Should -Be 4
        $config.Pending['cores'] | Should -Be '4'
        (Get-PveVmConfig web01).Cores | Should -Be 2
        (Get-PveVmConfig web01 -Pending).Pending['cores'] | Should -Be '4'
        Set-PveVmConfig web01 -Delete onboot
        (Get-PveVmConfig web01).Keys.ContainsKey('onboot') | Should -BeFalse
    }

    It 'refuses to overwrite a change made since the configuration was read' {
        $read = Get-PveVmConfig dns01
        Set-PveVmConfig dns01 -Parameter @{ memory = 1024 }
        $e = { $read | Set-PveVmConfig -Parameter @{ memory = 2048 } -ErrorAction Stop } | Should -Throw -ErrorId 'PveConfigChanged,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceBusy'
        (Get-PveVmConfig dns01).Memory | Should -Be 1024
        # Read again, and the change goes through.
        Get-PveVmConfig dns01 | Set-PveVmConfig -Parameter @{ memory = 2048 }
        (Get-PveVmConfig dns01).Memory | Should -Be 2048
    }
}

Describe 'Set-PveVmCloudInit' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change).Count
        Set-PveVmCloudInit -VmId 101 -User admin -WhatIf
        (Get-Change).Count | Should -Be $before
    }

    It 'sets the keys, encodes SSH keys as PVE wants them, regenerates the drive, and never shows the password' {
        $keys = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0 admin@laptop', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB ops+key@example.org'
        $password = ConvertTo-SecureString 'Pa55 w0rd;&%' -AsPlainText -Force
        $verbose = Get-PveVm -Name web02 | Set-PveVmCloudInit -User admin -Password $password -SshKey $keys -IpConfig 'ip=10.0.0.21/24,gw=10.0.0.1', 'ip=dhcp' -Nameserver 10.0.0.53 -Confirm:$false -Verbose 4>&1 | Out-String
        $verbose | Should -Not -BeLike '*Pa55*'
        (Get-Change '*/101/cloudinit').method | Should -Be 'PUT'
        $config = Get-PveVmConfig web02
        $config.Keys['ciuser'] | Should -Be 'admin'
        $config.Keys['ipconfig1'] | Should -Be 'ip=dhcp'
        [uri]::UnescapeDataString($config.Keys['sshkeys']) -split "`n" | Should -Be $keys
        # The drive carries what the configuration says: nothing waits for the next boot.
        $drive = @(Invoke-PveApi Get nodes/pve1/qemu/101/cloudinit)
        $drive | Where-Object { $_.pending -or $_.delete } | Should -BeNullOrEmpty
        ($drive | Where-Object key -eq 'cipassword').value | Should -Not -BeLike '*Pa55*'
    }

    It 'refuses a VM without a cloud-init drive, and a container' {
        $e = { Set-PveVmCloudInit dns01 -User admin -ErrorAction Stop } | Should -Throw -ErrorId 'PveCloudInitNotSupported,*' -PassThru
        $clone = Copy-PveVm tpl-debian -NewName no-ci -Wait -Confirm:$false
        $clone | Set-PveVmConfig -Delete ide2
        $before = (Get-Change '*/cloudinit').Count
        $e = { $clone | Set-PveVmCloudInit -User admin -ErrorAction Stop } | Should -Throw -ErrorId 'PveNoCloudInitDrive,*' -PassThru
        "$e" | Should -BeLike '*Set-PveVmConfig*cloudinit*'
        (Get-Change '*/cloudinit').Count | Should -Be $before
    }
}

Describe 'Copy-PveVm' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change '*/clone').Count
        Get-PveVm -Name tpl-debian | Copy-PveVm -NewName whatif -WhatIf
        (Get-Change '*/clone').Count | Should -Be $before
    }

    It 'refuses a bad name before any request' {
        $before = Get-RequestCount
        $e = { Copy-PveVm -VmId 103 -NewName 'bad_name!' } | Should -Throw -ErrorId 'PveInvalidGuestName,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-RequestCount | Should -Be $before
    }

    It 'without -Wait writes the task, with the clone''s VMID; the clone is locked until its task ends' {
        $task = Copy-PveVm -VmId 103 -NewName quick01 -Confirm:$false
        $task | Should -BeOfType ([KvmPve.PveTask])
        $task.Type | Should -Be 'qmclone'
        $task.NewVmId | Should -BeGreaterThan 103
        (Get-PveVm -VmId $task.NewVmId).Lock | Should -Be 'clone'
        $task | Wait-PveTask | Out-Null
        (Get-PveVm -VmId $task.NewVmId).Lock | Should -BeNullOrEmpty
    }

    It 'with -Wait writes the new guest once its lock is gone; clones from the pipeline run side by side' {
        $clones = @(Get-PveVm -Name tpl-debian, dns01 | Copy-PveVm -NewName pair -Wait -Confirm:$false)
        $clones.Count | Should -Be 2
        $clones | ForEach-Object { $_ | Should -BeOfType ([KvmPve.PveVm]); $_.Lock | Should -BeNullOrEmpty; $_.Name | Should -Be 'pair' }
        ($clones | Sort-Object VmId).Type | Should -Be @('Qemu', 'Lxc')
    }

    It 'refuses a taken -NewId as ResourceExists, and gives -NewId to one guest only' {
        $e = { Copy-PveVm -VmId 103 -NewId 100 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveVmIdTaken,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceExists'
        $id = Get-PveNextVmId -Reserve
        $made = @(Get-PveVm -Name tpl-debian, dns01 | Copy-PveVm -NewId $id -Wait -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)
        $made.VmId | Should -Be $id
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'PveNewIdTakenByFirst,*'
    }

    It 'gives two runspaces cloning 10 guests each at once 20 distinct guests, without an error' {
        $module = Join-Path (Get-Module KvmPve).ModuleBase 'KvmPve.psd1'
        $clone = {
            param($Module, $Simulator, $Prefix)
            Import-Module $Module
            $credential = [pscredential]::new('root@pam', (ConvertTo-SecureString 'proxmox' -AsPlainText -Force))
            $null = Connect-Pve -Server $Simulator.Host -Port $Simulator.Port -CertificateThumbprint $Simulator.Thumbprint -Credential $credential
            # The first runspace clones one call at a time, the second all ten in one waited batch.
            if ($Prefix -eq 'a') { 1..10 | ForEach-Object { Copy-PveVm -VmId 103 -NewName "$Prefix$_" -Confirm:$false } }
            else { 1..10 | ForEach-Object { [pscustomobject]@{ VmId = 103; Node = 'pve2'; Type = 'Qemu' } } | Copy-PveVm -NewName $Prefix -Wait -ThrottleLimit 10 -Confirm:$false }
        }
        $runs = 'a', 'b' | ForEach-Object {
            $ps = [powershell]::Create()
            $null = $ps.AddScript($clone).AddArgument($module).AddArgument($sim).AddArgument($_)
            @{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
        }
        $results = foreach ($run in $runs) {
            $out = $run.PowerShell.EndInvoke($run.Handle)
            $run.PowerShell.Streams.Error | Should -BeNullOrEmpty
            $run.PowerShell.Dispose()
            $out
        }
        $ids = @($results | ForEach-Object { if ($_ -is [KvmPve.PveTask]) { $_.NewVmId } else { $_.VmId } })
        $ids.Count | Should -Be 20
        @($ids | Sort-Object -Unique).Count | Should -Be 20
        $made = @(Get-PveVm -VmId $ids)
        $made.Count | Should -Be 20
        @($made | Where-Object Name -like 'a*').Count | Should -Be 10
    }
}

Describe 'Move-PveVm' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change '*migrate*').Count
        Get-PveVm -Name web01 | Move-PveVm -TargetNode pve2 -Online -WhatIf
        (Get-Change '*migrate*').Count | Should -Be $before
    }

    It 'reports PVE''s refusal with its reasons before any change' {
        $before = (Get-Change).Count
        $e = { Move-PveVm web02 -TargetNode pve2 -ErrorAction Stop } | Should -Throw -ErrorId 'PveMigrationRefused,*' -PassThru
        "$e" | Should -BeLike '*local resources (hostpci0)*'
        $e = { Move-PveVm web01 -TargetNode pve2 -ErrorAction Stop } | Should -Throw -ErrorId 'PveMigrationRefused,*' -PassThru
        "$e" | Should -BeLike '*running*-Online*'
        { Move-PveVm web01 -TargetNode pve1 -ErrorAction Stop } | Should -Throw -ErrorId 'PveAlreadyOnNode,*'
        (Get-Change).Count | Should -Be $before
    }

    It 'migrates from the pipeline and with -Wait writes the guest on its new node' {
        $moved = Get-PveVm -Name web01 | Move-PveVm -TargetNode pve2 -Online -Wait -Confirm:$false
        $moved | Should -BeOfType ([KvmPve.PveVm])
        $moved.Node | Should -Be 'pve2'
        $moved.Lock | Should -BeNullOrEmpty
        (Get-Change '*/100/migrate').Count | Should -Be 1
    }

    It 'moves an HA-managed guest through the HA manager and waits until it runs on the target' {
        $moved = Move-PveVm db01 -TargetNode pve1 -Wait -Confirm:$false
        $moved.Node | Should -Be 'pve1'
        $moved.Status | Should -Be 'running'
        (Get-Change '/api2/json/cluster/ha/resources/vm%3A102/migrate').Count + (Get-Change '/api2/json/cluster/ha/resources/vm:102/migrate').Count | Should -Be 1
        (Get-Change '/api2/json/nodes/*/qemu/102/migrate').Count | Should -Be 0
        # Without -Wait there is no task to write: only the request, and a note.
        $out = Move-PveVm db01 -TargetNode pve2 -Confirm:$false -Verbose 4>&1
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -like '*HA manager*' }) | Should -Not -BeNullOrEmpty
        ($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        $until = [datetime]::UtcNow.AddSeconds(10)
        while ((Get-PveVm -VmId 102 -ErrorAction SilentlyContinue).Node -ne 'pve2' -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 200 }
        (Get-PveVm -VmId 102).Node | Should -Be 'pve2'
    }
}

Describe 'New-PveVm' {
    It 'sends nothing with -WhatIf, and refuses an unknown key before any request' {
        $before = (Get-Change).Count
        New-PveVm -Node pve1 -Name whatif -Parameter @{ memory = 1024 } -WhatIf
        $e = { New-PveVm -Node pve1 -Name typo -Parameter @{ memroy = 1024 } -Confirm:$false } | Should -Throw -ErrorId 'PveInvalidConfigKey,*' -PassThru
        "$e" | Should -BeLike "*Did you mean 'memory'*"
        (Get-Change).Count | Should -Be $before
    }

    It 'creates a VM with the next free VMID and writes it with -Wait' {
        $vm = New-PveVm -Node pve1 -Name build01 -Parameter @{ memory = 2048; cores = 2; net0 = 'virtio,bridge=vmbr0'; ostype = 'l26' } -Wait -Confirm:$false
        $vm | Should -BeOfType ([KvmPve.PveVm])
        $vm.Name | Should -Be 'build01'
        $vm.Lock | Should -BeNullOrEmpty
        (Get-PveVmConfig -VmId $vm.VmId).Memory | Should -Be 2048
        $e = { New-PveVm -Node pve1 -VmId $vm.VmId -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveVmIdTaken,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceExists'
    }
}

Describe 'Remove-PveVm' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change).Count
        Get-PveVm -Name build01 | Remove-PveVm -WhatIf
        (Get-Change).Count | Should -Be $before
    }

    It 'refuses a running guest without -Force and an HA-managed one without -Purge, changing nothing' {
        $before = (Get-Change).Count
        $e = { Remove-PveVm dns01 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveVmRunning,*' -PassThru
        "$e" | Should -BeLike '*-Force*'
        { Remove-PveVm db01 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveVmHaManaged,*'
        (Get-Change).Count | Should -Be $before
    }

    It 'removes guests from the pipeline; -Force stops a running one first' {
        $doomed = Copy-PveVm -VmId 103 -NewName doomed -Wait -Confirm:$false
        $doomed | Start-PveVm -Wait | Out-Null
        $tasks = @(Get-PveVm -Name doomed, build01 | Remove-PveVm -Force -Wait -Confirm:$false)
        $tasks.Type | Should -Be @('qmdestroy', 'qmdestroy')
        Get-PveVm -Name doomed, build01 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-Change "*/qemu/$($doomed.VmId)/status/stop").Count | Should -Be 1
    }
}

Describe 'Every request' {
    It 'was valid by PVE''s schema' {
        Get-KvmPveSchemaViolation $sim | Should -BeNullOrEmpty
    }
}
