# The same Proxmox VE scenarios against the simulator and, when the environment names one, pve-mock (a second PVE
# written from PVE's own source): where the two disagree, PVE's source decides, and the module or the simulator is
# fixed. Only what both model is asserted; the guests are the ones both have (web01 100, web02 101, dns01 200).
BeforeDiscovery {
    . $PSScriptRoot/TestHelpers.ps1
    $targets = Get-PveTestTargetName
}

Describe 'Proxmox VE scenarios on <Name>' -ForEach $targets {
    BeforeAll {
        . $PSScriptRoot/TestHelpers.ps1
        Import-KvmPveUnderTest
        $target = Start-PveTestTarget $Kind
        function Connect-Target { Connect-Pve $target.Host -Port $target.Port -Credential $target.Credential -CertificateThumbprint $target.Thumbprint }
        $null = Connect-Target
        function New-TestFile([string] $Name, [byte[]] $Bytes) {
            $path = Join-Path $TestDrive $Name
            [System.IO.File]::WriteAllBytes($path, $Bytes)
            $path
        }
    }

    AfterAll {
        Stop-PveTestTarget $target
    }

    Context 'Connecting' {
        It 'connects with a ticket and with an API token, the certificate pinned' {
            $ticket = Connect-Target
            $ticket.AuthMethod | Should -Be 'Ticket'
            (Get-PveVersion -Session $ticket).Version | Should -Not -BeNullOrEmpty
            $token = Connect-Pve $target.Host -Port $target.Port -ApiToken $target.Token -CertificateThumbprint $target.Thumbprint
            $token.AuthMethod | Should -Be 'ApiToken'
            @(Get-PveVm -Session $token -VmId 100).Name | Should -Be 'web01'
            $null = Connect-Target
        }

        It 'refuses a wrong password as an authentication error that does not show it' {
            $bad = [pscredential]::new($target.Credential.UserName, (ConvertTo-SecureString 'wrong-Passw0rd' -AsPlainText -Force))
            $e = { Connect-Pve $target.Host -Port $target.Port -Credential $bad -CertificateThumbprint $target.Thumbprint } | Should -Throw -PassThru
            $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $e.Exception.Message | Should -Not -BeLike '*wrong-Passw0rd*'
        }
    }

    Context 'Guests and power' {
        It 'lists guests cluster-wide with their nodes and types' {
            $web = Get-PveVm -Name web*
            ($web.Name | Sort-Object) | Should -Be @('web01', 'web02')
            (Get-PveVm -VmId 200).Type | Should -Be 'Lxc'
            (Get-PveVm -VmId 200).Node | Should -Be 'pve2'
        }

        It 'starts and stops a VM, waiting for each task' {
            $started = Get-PveVm -Name web02 | Start-PveVm -Wait -Confirm:$false
            $started.ExitStatus | Should -Be 'OK'
            (Get-PveVm -Name web02).Status | Should -Be 'running'
            $stopped = Stop-PveVm -Name web02 -TurnOff -Wait -Confirm:$false
            $stopped.Type | Should -Be 'qmstop'
            (Get-PveVm -Name web02).Status | Should -Be 'stopped'
        }

        It 'sends nothing with -WhatIf' {
            $before = @(Get-PveTestRequest $target).Count
            Get-PveVm -Name web02 | Start-PveVm -WhatIf
            Stop-PveVm -VmId 100 -WhatIf
            Set-PveVmConfig web01 -Parameter @{ description = 'what if' } -WhatIf
            Get-PveTestChange $target -Since $before | Should -BeNullOrEmpty
        }
    }

    Context 'Permissions' {
        # The simulator tells its privileges, so the preflight refuses before sending; pve-mock does not model
        # /access/permissions, so the request goes and PVE's own 403 is shown: either way the same error.
        It 'refuses a read-only user''s power action as PermissionDenied naming path and privilege, and nothing starts' {
            $readOnly = Connect-Pve $target.Host -Port $target.Port -Credential $target.ReadOnly -CertificateThumbprint $target.Thumbprint
            $e = { Start-PveVm -VmId 101 -Session $readOnly -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
            $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $e.Exception.Message | Should -BeLike "*$($target.ReadOnly.UserName) lacks VM.PowerMgmt on /vms/101*"
            $null = Connect-Target
            (Get-PveVm -VmId 101).Status | Should -Be 'stopped'
        }
    }

    Context 'Every wait ends' {
        It 'ends a -Wait at -WaitTimeoutSec, naming the task that still runs' {
            Set-PveTestTaskDuration $target -Seconds 30 -VmId 101
            try {
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $result = Start-PveVm -VmId 101 -Wait -WaitTimeoutSec 1 -Confirm:$false -ErrorVariable late -ErrorAction SilentlyContinue
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
                $result | Should -BeNullOrEmpty
                $late[0].FullyQualifiedErrorId | Should -BeLike 'PveTaskTimeout,*'
                $late[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
                $late[0].Exception.Message | Should -BeLike '*qmstart 101*still running*'
                # Wait-PveTask on the same task ends at its -TimeoutSec too.
                $task = Get-PveTask -VmId 101 -Running | Select-Object -First 1
                $task | Should -Not -BeNullOrEmpty
                $watch.Restart()
                { $task | Wait-PveTask -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -ErrorId 'PveTaskTimeout,*'
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
            }
            finally {
                Set-PveTestTaskDuration $target -Seconds 0.3 -VmId 101
            }
        }

        It 'ends a wait for a guest agent that is not there at -TimeoutSec, with its last answer' {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $e = { Wait-PveGuestAgent -VmId 101 -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestAgentTimeout,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $e.Exception.Message | Should -BeLike '*not running*'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
        }

        It 'ends a guest command that outlives -TimeoutSec as TimedOut' {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            (Invoke-PveGuestCommand sleep, 60 -VmId 100 -TimeoutSec 1 -Confirm:$false).TimedOut | Should -BeTrue
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
        }

        It 'ends an upload''s -Wait at -WaitTimeoutSec when PVE''s copy task does not end' {
            Set-PveTestTaskDuration $target -Seconds 30 -Type imgcopy
            try {
                $file = New-TestFile 'slow-copy.iso' ([byte[]]::new(1024))
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $null = Add-PveStorageContent -LiteralPath $file -Storage local -Node pve1 -Wait -WaitTimeoutSec 1 -Confirm:$false -ErrorVariable late -ErrorAction SilentlyContinue
                $late[0].FullyQualifiedErrorId | Should -BeLike 'PveTaskTimeout,*'
                $late[0].Exception.Message | Should -BeLike '*imgcopy*still running*'
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
            }
            finally {
                Set-PveTestTaskDuration $target -Seconds 0.3 -Type imgcopy
            }
        }
    }

    Context 'Uploads' {
        It 'uploads to another node''s storage and waits for the volume where it went' {
            $bytes = [byte[]]::new(70000)
            [Random]::new(5).NextBytes($bytes)
            $file = New-TestFile 'other-node.iso' $bytes
            $sha = (Get-FileHash $file -Algorithm SHA256).Hash.ToLowerInvariant()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $item = Add-PveStorageContent -LiteralPath $file -Storage local -Node pve2 -Checksum $sha -ChecksumAlgorithm sha256 -Wait -WaitTimeoutSec 60 -Confirm:$false
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
            $item | Should -BeOfType ([KvmPve.PveStorageItem])
            ($item.VolId, $item.Node, $item.Size) | Should -Be @('local:iso/other-node.iso', 'pve2', 70000)
            # PVE runs the copy on the node the session talks to (pve1), whatever node the storage is on.
            (Get-PveTask -Node pve1 | Where-Object Type -eq 'imgcopy') | Should -Not -BeNullOrEmpty
            (Get-PveStorageContent -Storage local -Node pve2 -Content iso).VolId | Should -Contain 'local:iso/other-node.iso'
            (Get-PveStorageContent -Storage local -Node pve1 -Content iso).VolId | Should -Not -Contain 'local:iso/other-node.iso'
        }
    }

    Context 'Configuration' {
        # qemu-server's update_vm_api and pve-container's assert_if_modified say it in their own words.
        It 'refuses a change to <Guest> over a stale digest as ResourceBusy and overwrites nothing' -ForEach @(
            @{ Guest = 'web02'; Text = '*checksum mismatch (file change by other user?)*' }
            @{ Guest = 'dns01'; Text = '*detected modified configuration - file changed by other user?*' }
        ) {
            $read = Get-PveVmConfig $Guest
            Set-PveVmConfig $Guest -Parameter @{ description = 'changed elsewhere' } -Confirm:$false
            $e = { $read | Set-PveVmConfig -Parameter @{ description = 'mine' } -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveConfigChanged,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'ResourceBusy'
            $e.Exception.InnerException.Message | Should -BeLike $Text
            (Get-PveVmConfig $Guest).Description | Should -Be 'changed elsewhere'
        }

        It 'shows a running VM''s configuration as it runs, and with -Pending what the next start brings' {
            $now = Get-PveVmConfig web01
            $memory = $now.Memory + 1024
            Set-PveVmConfig web01 -Parameter @{ memory = $memory } -Confirm:$false
            $current = Get-PveVmConfig web01
            $current.Memory | Should -Be $now.Memory
            $next = Get-PveVmConfig web01 -Pending
            $next.Memory | Should -Be $memory
            $next.Pending['memory'] | Should -Be "$memory"
        }
    }

    Context 'Guest agent text' {
        It 'returns what the guest wrote: <_>' -ForEach 'grüße € ✓', '日本語のテキスト', 'ça déjà vu — ok' {
            $text = $_
            (Invoke-PveGuestCommand echo, $text -VmId 100 -Confirm:$false).StdOut | Should -BeExactly "$text`n"
            (Invoke-PveGuestCommand cat -InputObject $text -VmId 100 -Confirm:$false).StdOut | Should -BeExactly $text
        }

        It 'keeps invalid UTF-8 bytes reachable and does not fail on them' {
            $result = Invoke-PveGuestCommand printf, 'a\xffb\xc3' -VmId 100 -Confirm:$false
            $result.ExitCode | Should -Be 0
            $result.StdOutBytes | Should -Be @(0x61, 0xFF, 0x62, 0xC3)
            $result.StdOut | Should -BeExactly "a$([char]0xFFFD)b$([char]0xFFFD)"
        }

        It 'writes and reads a guest file with non-English text byte for byte' {
            $text = "grüße € ✓`n日本語`n"
            Set-PveGuestFile -VmId 100 -GuestPath '/tmp/kvmpve-utf8.txt' -Value $text -Confirm:$false
            $path = Join-Path $TestDrive 'back.txt'
            Get-PveGuestFile -VmId 100 -GuestPath '/tmp/kvmpve-utf8.txt' -Destination $path
            [System.IO.File]::ReadAllText($path) | Should -BeExactly $text
        }
    }

    Context 'Tags and addresses' {
        It 'adds and removes tags with the digest, as PVE keeps them' {
            (Add-PveVmTag web02 -Tag blue, green -PassThru -Confirm:$false).Tags | Should -Contain 'blue'
            (Remove-PveVmTag web02 -Tag 'gr*' -PassThru -Confirm:$false).Tags | Should -Not -Contain 'green'
            (Get-PveVm -Tag blue).Name | Should -Be 'web02'
        }

        It 'lists the resource pools, each once' {
            $pools = @(Get-PvePool)
            $pools | Should -Not -BeNullOrEmpty
            @($pools.Name | Sort-Object -Unique).Count | Should -Be $pools.Count
        }

        It 'reads a VM''s interfaces from its agent and waits for a usable address' {
            $eth0 = Get-PveGuestNetwork web01 | Where-Object Name -eq eth0
            $eth0.MacAddress | Should -Match '^([0-9A-F]{2}:){5}[0-9A-F]{2}$'
            $ip = Get-PveVm web01 | Wait-PveGuestIp -AddressFamily IPv4 -TimeoutSec 20
            $ip.IPAddress.IPAddressToString | Should -BeLike '10.0.1.*'
        }
    }

    Context 'Clones' {
        It 'clones the template to the next free VMID and waits until it is unlocked' {
            $clone = Copy-PveVm -VmId $target.Template -NewName 'scenario-clone' -Wait -WaitTimeoutSec 60 -Confirm:$false
            $clone | Should -BeOfType ([KvmPve.PveVm])
            $clone.Lock | Should -BeNullOrEmpty
            $clone.VmId | Should -Not -Be $target.Template
            (Get-PveVm -VmId $clone.VmId).Name | Should -Be 'scenario-clone'
        }
    }

    Context 'Schema' {
        It 'sent no request the PVE schema refuses' {
            Get-PveTestSchemaViolation $target | Should -BeNullOrEmpty
        }
    }
}
