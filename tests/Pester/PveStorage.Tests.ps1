# Storage, guest agent and backups in real pwsh against the simulator: uploads that arrive byte-exact, -WhatIf
# sending nothing, bad input refused before any request, commands in guests as data, files round-tripped, vzdump.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator -TaskSeconds 0.3
    $null = Connect-TestPve $sim
    function Get-Change { param([string] $Like = '*') @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -ne 'GET' -and $_.path -like $Like }) }
    $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "kvmpve-storage-$PID")).FullName
    $iso = Join-Path $folder 'tools.iso'
    $bytes = [byte[]]::new(1MB + 17); [Random]::new(7).NextBytes($bytes); [IO.File]::WriteAllBytes($iso, $bytes)
    $sha256 = (Get-FileHash $iso -Algorithm SHA256).Hash.ToLowerInvariant()
}

AfterAll {
    Complete-KvmPveTest $sim
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-PveStorage' {
    It 'lists every node''s storages with content types and space, filtered by name and content' {
        $all = @(Get-PveStorage)
        $all.Count | Should -Be 6
        $all[0] | Should -BeOfType ([KvmPve.PveStorage])
        $local = Get-PveStorage local -Node pve1
        $local.Content | Should -Contain 'iso'
        $local.Total | Should -BeGreaterThan 0
        $local.Available | Should -BeLessOrEqual $local.Total
        (Get-PveStorage -Content backup).Name | Sort-Object -Unique | Should -Be @('local', 'nfs-backup')
        (Get-PveStorage nfs-* | Select-Object -First 1).Shared | Should -BeTrue
        { Get-PveStorage nope -ErrorAction Stop } | Should -Throw -ErrorId 'PveStorageNotFound,*'
        Get-PveStorage | Out-String | Should -Match 'local-lvm\s+pve1\s+lvmthin\s+images,rootdir'
    }
}

Describe 'Get-PveStorageContent' {
    It 'lists a storage''s volumes, from the pipeline, by content type' {
        $isos = @(Get-PveStorage local -Node pve1 | Get-PveStorageContent -Content iso)
        $isos.VolId | Should -Contain 'local:iso/debian-12.0.0-amd64-netinst.iso'
        $isos[0] | Should -BeOfType ([KvmPve.PveStorageItem])
        $isos[0].CreatedAt | Should -BeOfType ([datetime])
        $backup = Get-PveStorageContent nfs-backup -Content backup | Select-Object -First 1
        $backup.VmId | Should -Be 100
        $backup.Protected | Should -BeTrue
        { Get-PveStorageContent local -ErrorAction Stop } | Should -Throw -ErrorId 'PveStorageNodeAmbiguous,*'
    }
}

Describe 'Add-PveStorageContent' {
    It 'sends nothing with -WhatIf, and refuses a name PVE would change before any request' {
        $before = (Get-Change '*/upload').Count
        Add-PveStorageContent -Path $iso -Storage local -Node pve1 -WhatIf
        $odd = Join-Path $folder 'my tools.iso'; Copy-Item $iso $odd
        $e = { Add-PveStorageContent -LiteralPath $odd -Storage local -Node pve1 -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidFileName,*' -PassThru
        "$e" | Should -BeLike '*my_tools.iso*'
        { Add-PveStorageContent -Path $iso -Storage local -Node pve1 -Content vztmpl -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidFileName,*'
        (Get-Change '*/upload').Count | Should -Be $before
    }

    It 'uploads byte-exact with the checksum, waits for PVE''s copy and writes the volume' {
        $item = Add-PveStorageContent -Path $iso -Storage local -Node pve1 -Checksum $sha256 -ChecksumAlgorithm sha256 -Wait -Confirm:$false
        $item | Should -BeOfType ([KvmPve.PveStorageItem])
        $item.VolId | Should -Be 'local:iso/tools.iso'
        $item.Size | Should -Be $bytes.Length
        (Get-Change '/api2/json/nodes/pve1/storage/local/upload').Count | Should -Be 1
    }

    It 'refuses an existing volume without -Force, and replaces it with -Force' {
        $before = (Get-Change '*/upload').Count
        $e = { Add-PveStorageContent -Path $iso -Storage local -Node pve1 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveStorageContentExists,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-Change '*/upload').Count | Should -Be $before
        $task = Add-PveStorageContent -Path $iso -Storage local -Node pve1 -Force -Confirm:$false
        $task | Should -BeOfType ([KvmPve.PveTask])
        $task.Type | Should -Be 'imgcopy'
    }

    It 'goes to a shared storage without -Node, and a wrong checksum fails PVE''s task' {
        $null = Add-PveStorageContent -Path $iso -Storage nfs-backup -FileName bad.iso -Checksum ('0' * 64) -ChecksumAlgorithm sha256 -Wait -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PveTaskFailed,*'
        "$($failed[0])" | Should -BeLike '*checksum*'
        Get-PveStorageContent nfs-backup -Content iso | Where-Object Name -eq 'bad.iso' | Should -BeNullOrEmpty
    }

    It 'has PVE download a URL itself' {
        $item = Add-PveStorageContent -Url 'https://mirror.example.org/debian/netinst.iso' -Storage local -Node pve2 -Wait -Confirm:$false
        $item.VolId | Should -Be 'local:iso/netinst.iso'
        (Get-Change '/api2/json/nodes/pve2/storage/local/download-url').Count | Should -Be 1
    }
}

Describe 'Remove-PveStorageContent' {
    It 'sends nothing with -WhatIf, and removes volumes piped from Get-PveStorageContent' {
        $before = (Get-Change '*/content/*').Count
        Get-PveStorageContent local -Node pve2 -Content iso | Remove-PveStorageContent -WhatIf
        (Get-Change '*/content/*').Count | Should -Be $before
        $tasks = @(Get-PveStorageContent local -Node pve2 -Content iso | Remove-PveStorageContent -Confirm:$false)
        $tasks.Type | Should -Be 'imgdel'
        $tasks.Succeeded | Should -BeTrue
        Get-PveStorageContent local -Node pve2 -Content iso | Should -BeNullOrEmpty
    }
}

Describe 'Wait-PveGuestAgent' {
    It 'writes the VM once its agent answers, and times out for a stopped one' {
        (Get-PveVm -Name web01 | Wait-PveGuestAgent -TimeoutSec 10).VmId | Should -Be 100
        $e = { Wait-PveGuestAgent -VmId 101 -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestAgentTimeout,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'waits through the moment after a start when the agent does not answer yet' {
        $null = Start-PveVm -VmId 101 -Wait -Confirm:$false
        { Invoke-PveGuestCommand echo, hi -VmId 101 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestAgentUnavailable,*'
        (Wait-PveGuestAgent -VmName web02 -TimeoutSec 10).Name | Should -Be 'web02'
        (Invoke-PveGuestCommand echo, hi -VmId 101 -Confirm:$false).StdOut | Should -Be "hi`n"
    }
}

Describe 'Invoke-PveGuestCommand' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change '*/agent/exec').Count
        Get-PveVm -Name web01 | Invoke-PveGuestCommand echo, hi -WhatIf
        (Get-Change '*/agent/exec').Count | Should -Be $before
    }

    It 'passes arguments exactly as given and returns exit codes as data' {
        $arguments = 'a b', '"quoted" ''single''', 'ü€🙂', '', '$(not expanded) `tick` ;&|'
        $result = Get-PveVm -Name web01 | Invoke-PveGuestCommand (@('argv') + $arguments) -Confirm:$false
        $result | Should -BeOfType ([KvmPve.PveGuestCommandResult])
        $result.ExitCode | Should -Be 0
        ($result.StdOut | ConvertFrom-Json) | Should -Be $arguments
        (Invoke-PveGuestCommand exit, 1 -VmId 100 -Confirm:$false).ExitCode | Should -Be 1
        (Invoke-PveGuestCommand exit, 137 -VmId 100 -Confirm:$false).ExitCode | Should -Be 137
        $failed = Invoke-PveGuestCommand fail, "not ok ü`u{1}" -VmId 100 -Confirm:$false
        ($failed.ExitCode, $failed.StdErr) | Should -Be @(1, "not ok ü`u{1}`n")
        (Invoke-PveGuestCommand cat -InputObject "in ü`nput" -VmId 100 -Confirm:$false).StdOut | Should -Be "in ü`nput"
    }

    It 'makes a non-zero exit an error only with -ErrorOnNonZero' {
        $result = Invoke-PveGuestCommand exit, 3 -VmId 100 -ErrorOnNonZero -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 3
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PveGuestCommandFailed,*'
    }

    It 'writes a command that outlives -TimeoutSec with TimedOut' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-PveGuestCommand sleep, 60 -VmId 100 -TimeoutSec 1 -Confirm:$false
        $result.TimedOut | Should -BeTrue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'refuses a container' {
        { Invoke-PveGuestCommand echo, hi -VmName dns01 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestAgentNotSupported,*'
    }
}

Describe 'Get-PveGuestFile and Set-PveGuestFile' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change '*/agent/file-write').Count
        Set-PveGuestFile /tmp/x -Value hi -VmId 100 -WhatIf
        (Get-Change '*/agent/file-write').Count | Should -Be $before
    }

    It 'round-trips random bytes through a file in the guest' {
        $random = [byte[]]::new(40000); [Random]::new(3).NextBytes($random)
        $source = Join-Path $folder 'random.bin'; [IO.File]::WriteAllBytes($source, $random)
        Get-PveVm -Name web01 | Set-PveGuestFile /tmp/random.bin -Path $source -Confirm:$false
        $back = Join-Path $folder 'back.bin'
        $file = Get-PveGuestFile /tmp/random.bin -VmId 100 -Destination $back
        $file | Should -BeOfType ([IO.FileInfo])
        (Get-FileHash $back).Hash | Should -Be (Get-FileHash $source).Hash
    }

    It 'writes and reads text as UTF-8' {
        Set-PveGuestFile /etc/motd -Value "Grüße`n" -VmId 100 -Confirm:$false
        Get-PveGuestFile /etc/motd -VmId 100 | Should -Be "Grüße`n"
    }

    It 'reports PVE''s size limits as errors, never a shorter file' {
        $e = { Get-PveGuestFile /var/log/big.bin -VmId 100 -Destination (Join-Path $folder 'big.bin') -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestFileTooLarge,*' -PassThru
        Test-Path (Join-Path $folder 'big.bin') | Should -BeFalse
        $before = (Get-Change '*/agent/file-write').Count
        { Set-PveGuestFile /tmp/big -Value ('x' * 50000) -VmId 100 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestFileTooLarge,*'
        (Get-Change '*/agent/file-write').Count | Should -Be $before
    }
}

Describe 'New-PveBackup and Get-PveBackup' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-Change '*/vzdump').Count
        Get-PveVm -VmId 100, 200 | New-PveBackup -Storage nfs-backup -WhatIf
        (Get-Change '*/vzdump').Count | Should -Be $before
    }

    It 'runs one vzdump task per node and with -Wait writes each guest''s archive' {
        $archives = @(Get-PveVm -VmId 100, 102, 200 | New-PveBackup -Storage nfs-backup -Mode snapshot -Compress zstd -Notes '{{guestname}} before upgrade' -Protected -Wait -Confirm:$false)
        (Get-Change '*/vzdump').Count | Should -Be 2 -Because 'pve1 has 100, pve2 has 102 and 200'
        ($archives.VmId | Sort-Object) | Should -Be @(100, 102, 200)
        ($archives | Where-Object VmId -eq 200).Notes | Should -Be 'dns01 before upgrade'
        $archives | ForEach-Object { $_.Protected | Should -BeTrue; $_.Content | Should -Be 'backup' }
    }

    It 'lists a guest''s archives, newest first' {
        $backups = @(Get-PveVm -Name web01 | Get-PveBackup)
        $backups.Count | Should -Be 2
        $backups[0].CreatedAt | Should -BeGreaterThan $backups[1].CreatedAt
        (Get-PveBackup -Storage nfs-backup).Count | Should -BeGreaterOrEqual 4
    }
}

Describe 'Every request' {
    It 'was valid by PVE''s schema' {
        Get-KvmPveSchemaViolation $sim | Should -BeNullOrEmpty
    }
}
