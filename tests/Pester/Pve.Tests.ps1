BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest -Totp
    $modulePath = Get-KvmPveModulePath
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Connect-Pve' {
    It 'logs in with a password and writes a ticket session' {
        $session = Connect-TestPve $sim
        $session | Should -BeOfType ([KvmPve.PveSession])
        $session.UserName | Should -Be 'root@pam'
        $session.AuthMethod | Should -Be 'Ticket'
        $session.ClusterName | Should -Be 'sim-cluster'
        $session.Server.Port | Should -Be $sim.Port
    }

    It 'adds the pam realm to a bare user name' {
        $session = Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential -UserName 'root' -Password 'proxmox') -CertificateThumbprint $sim.Thumbprint
        $session.UserName | Should -Be 'root@pam'
    }

    It 'connects with an API token' {
        $session = Connect-TestPve $sim -ApiToken
        $session.AuthMethod | Should -Be 'ApiToken'
        $session.UserName | Should -Be 'root@pam!automation'
    }

    It 'answers the TFA challenge from -TotpSecret' {
        $secret = ConvertTo-SecureString $sim.TotpSecret -AsPlainText -Force
        $session = Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential -UserName 'alice@pve' -Password 'alice') -TotpSecret $secret -CertificateThumbprint $sim.Thumbprint
        $session.UserName | Should -Be 'alice@pve'
    }

    It 'says how to answer TFA when nothing is given' {
        $e = { Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential -UserName 'alice@pve' -Password 'alice') -CertificateThumbprint $sim.Thumbprint } |
            Should -Throw -ErrorId 'PveTfaRequired,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.Message | Should -BeLike '*-Otp*-TotpSecret*'
    }

    It 'stops with an authentication error when the password is wrong' {
        $e = { Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential -UserName 'root@pam' -Password 'nope') -CertificateThumbprint $sim.Thumbprint } |
            Should -Throw -ErrorId 'PveAuthenticationFailed,*' -PassThru
        $e.Exception.Message | Should -BeLike "*$($sim.Host):$($sim.Port)*"
    }

    It 'refuses a token id without !tokenid before sending anything' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $token = [pscredential]::new('root@pam', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        { Connect-Pve $sim.Host -Port $sim.Port -ApiToken $token -CertificateThumbprint $sim.Thumbprint } | Should -Throw -ErrorId 'PveInvalidTokenId,*'
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }

    It 'does not accept -Credential and -ApiToken together' {
        $token = [pscredential]::new('root@pam!automation', (ConvertTo-SecureString $sim.PveToken -AsPlainText -Force))
        { Connect-Pve $sim.Host -Credential (New-TestCredential) -ApiToken $token } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'keeps secrets out of the verbose stream' {
        $output = Connect-TestPve $sim -Verbose 4>&1
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -BeLike '*POST /api2/json/access/ticket -> 200*'
        $verbose | Should -Not -BeLike '*proxmox*'
        $verbose | Should -Not -BeLike '*PVE:root@pam*'
    }
}

Describe 'Get-PveSession and Disconnect-Pve' {
    It 'lists, then forgets, the sessions of this runspace' {
        Get-PveSession | Disconnect-Pve -Confirm:$false
        $session = Connect-TestPve $sim
        @(Get-PveSession).Count | Should -Be 1
        (Get-PveSession)[0] | Should -Be $session
        Disconnect-Pve
        $session.IsOpen | Should -BeFalse
        Get-PveSession | Should -BeNullOrEmpty
        { Get-PveVersion } | Should -Throw -ErrorId 'PveNotConnected,*'
    }

    It 'changes nothing with -WhatIf' {
        $session = Connect-TestPve $sim
        Disconnect-Pve -WhatIf
        $session.IsOpen | Should -BeTrue
    }

    It 'shows a table with the user, method and cluster' {
        $null = Connect-TestPve $sim
        Get-PveSession | Out-String | Should -BeLike '*UserName*AuthMethod*ClusterName*sim-cluster*'
    }
}

Describe 'Get-PveVersion' {
    It 'reads the version' {
        $null = Connect-TestPve $sim
        $version = Get-PveVersion
        $version | Should -BeOfType ([KvmPve.PveVersion])
        $version.Version | Should -Be '9.1.1'
        $version.Release | Should -Be '9.1'
    }

    It 'takes sessions from the pipeline' {
        $session = Connect-TestPve $sim -ApiToken
        ($session | Get-PveVersion).Session | Should -Be $session
    }
}

Describe 'Invoke-PveApi' {
    BeforeAll {
        $null = Connect-TestPve $sim
    }

    It 'writes the data as objects, one array element at a time' {
        $nodes = @(Invoke-PveApi Get nodes)
        $nodes.Count | Should -Be 2
        $nodes.node | Should -Be @('pve1', 'pve2')
    }

    It 'reports PVE''s per-parameter errors' {
        # -SkipSchemaCheck: the module's own schema check would refuse it before sending (PvePermissions.Tests.ps1).
        $e = { Invoke-PveApi Get version -Parameter @{ bogus = 1 } -SkipSchemaCheck -ErrorAction Stop } | Should -Throw -ErrorId 'PveBadRequest,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike '*bogus: property is not defined in schema*'
    }

    It 'reports a missing privilege as PermissionDenied' {
        $auditor = Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential -UserName 'auditor@pve' -Password 'auditor') -CertificateThumbprint $sim.Thumbprint
        $e = { Invoke-PveApi Get nodes -Session $auditor -ErrorAction Stop } | Should -Throw -ErrorId 'PveForbidden,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $e.Exception.Message | Should -BeLike '*Permission check failed (/nodes, Sys.Audit)*'
    }

    It 'sends nothing for a POST with -WhatIf' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        Invoke-PveApi Post nodes/pve1/qemu/100/status/start -WhatIf
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }
}

Describe 'Get-PveNode' {
    BeforeAll {
        $null = Connect-TestPve $sim
    }

    It 'lists the nodes as typed objects' {
        $nodes = @(Get-PveNode)
        $nodes.Name | Should -Be @('pve1', 'pve2')
        $nodes[0] | Should -BeOfType ([KvmPve.PveNode])
        $nodes[0].Uptime | Should -BeOfType ([timespan])
    }

    It 'reports an unknown node and still writes the others' {
        $nodes = @(Get-PveNode pve1, pve9 -ErrorVariable missing -ErrorAction SilentlyContinue)
        $nodes.Name | Should -Be 'pve1'
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PveNodeNotFound*'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-PveClusterStatus' {
    BeforeAll {
        $null = Connect-TestPve $sim
    }

    It 'writes the cluster first, then its nodes, with booleans' {
        $status = @(Get-PveClusterStatus)
        $status[0].Type | Should -Be 'cluster'
        $status[0].Quorate | Should -BeTrue
        $status[0].Nodes | Should -Be 2
        $status[1..2].Name | Should -Be @('pve1', 'pve2')
        $status[1] | Should -BeOfType ([KvmPve.PveClusterStatus])
        $status[1].Online | Should -BeOfType ([bool])
        ($status | Where-Object Local).Name | Should -Be 'pve1'
        ($status | Out-String) | Should -BeLike '*quorate, 2 nodes*'
    }
}

Describe 'Get-PveVm' {
    BeforeAll {
        $null = Connect-TestPve $sim
    }

    It 'refuses a node name that is not a DNS label before any request' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $e = { Get-PveVm -Node '../etc' -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidNodeName,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*'../etc'*DNS label*"
        { Get-PveTask -Node 'pve 1' -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidNodeName,*'
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
        @(Get-PveVm -Node 'pve*').Count | Should -BeGreaterThan 0
    }

    It 'lists VMs and containers alike, with integer ids' {
        $vms = @(Get-PveVm)
        $vms.VmId | Should -Be @(100, 101, 102, 103, 200, 201)
        $vms[0].VmId | Should -BeOfType ([int])
        ($vms | Where-Object VmId -eq 200).Type | Should -Be 'Lxc'
        ($vms | Where-Object VmId -eq 102).Tags | Should -Be @('prod', 'db')
    }

    It 'filters by wildcard name, node, type, status and tag' {
        (Get-PveVm -Name web*).VmId | Should -Be @(100, 101)
        (Get-PveVm -Node pve2 -Type Qemu).VmId | Should -Be @(102, 103)
        (Get-PveVm -Status stopped -Tag infra).VmId | Should -Be 201
    }

    It 'reports a name that matches nothing as ObjectNotFound' {
        $found = @(Get-PveVm web01, nosuch -ErrorVariable missing -ErrorAction SilentlyContinue)
        $found.VmId | Should -Be 100
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PveVmNotFound*'
        "$($missing[0])" | Should -BeLike "*'nosuch'*"
    }

    It 'refuses VMID 0 before sending anything' {
        { Get-PveVm -VmId 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'shows a table of id, name, node, type and status' {
        Get-PveVm -VmId 100 | Out-String | Should -BeLike '*VmId*Name*Node*Type*Status*web01*pve1*Qemu*running*'
    }
}

Describe 'Lifecycle cmdlets' {
    BeforeAll {
        $null = Connect-TestPve $sim
        function Get-PowerRequest { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/status/*' }) }
    }

    It 'starts a guest piped from Get-PveVm and returns the task' {
        $task = Get-PveVm -VmId 101 | Start-PveVm -Confirm:$false
        $task | Should -BeOfType ([KvmPve.PveTask])
        $task.Type | Should -Be 'qmstart'
        $task.Id | Should -Be '101'
        (Get-PowerRequest)[-1].path | Should -Be '/api2/json/nodes/pve1/qemu/101/status/start'
    }

    It 'waits with -Wait and writes the finished task' {
        $task = Stop-PveVm -Name web02 -Wait -Confirm:$false
        $task.Status | Should -Be 'stopped'
        $task.ExitStatus | Should -Be 'OK'
        $task.Succeeded | Should -BeTrue
        (Get-PveVm -VmId 101).Status | Should -Be 'stopped'
    }

    It 'shuts down gracefully by default and turns off with -TurnOff' {
        $null = Stop-PveVm -VmId 100 -Confirm:$false
        (Get-PowerRequest)[-1].path | Should -BeLike '*/status/shutdown'
        $null = Stop-PveVm -VmId 100 -TurnOff -Confirm:$false
        (Get-PowerRequest)[-1].path | Should -BeLike '*/status/stop'
    }

    It 'uses the container endpoints for containers' {
        $null = Restart-PveVm dns01 -Confirm:$false
        (Get-PowerRequest)[-1].path | Should -Be '/api2/json/nodes/pve2/lxc/200/status/reboot'
    }

    It 'refuses to reset a container before sending anything' {
        $before = (Get-PowerRequest).Count
        Restart-PveVm dns01 -Reset -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'PveResetNotSupported*'
        (Get-PowerRequest).Count | Should -Be $before
    }

    It 'sends nothing with -WhatIf' {
        $before = (Get-PowerRequest).Count
        Get-PveVm | Stop-PveVm -TurnOff -WhatIf
        Suspend-PveVm -Name web* -WhatIf
        Resume-PveVm -VmId 102 -WhatIf
        Start-PveVm -VmId 101 -WhatIf
        Restart-PveVm -Name web01 -WhatIf
        Restart-PveVm -VmId 100 -Reset -WhatIf
        (Get-PowerRequest).Count | Should -Be $before
    }

    It 'reports an unknown VMID and acts on the others' {
        $tasks = @(Start-PveVm -VmId 101, 555 -Confirm:$false -ErrorVariable missing -ErrorAction SilentlyContinue)
        $tasks.Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PveVmNotFound*'
    }
}

Describe 'Power actions on an HA-managed guest' {
    BeforeAll {
        $null = Connect-TestPve $sim
    }

    It 'waits with -Wait until the guest has the state asked for, not only for the HA task' {
        $db = Get-PveVm -VmId 102
        $db.HaState | Should -Not -BeNullOrEmpty
        $task = $db | Stop-PveVm -Wait -Confirm:$false
        $task.Type | Should -Be 'hastop'
        (Get-PveVm -VmId 102).Status | Should -Be 'stopped'
        (Start-PveVm -VmId 102 -Wait -Confirm:$false).Type | Should -Be 'hastart'
        (Get-PveVm -VmId 102).Status | Should -Be 'running'
    }
}

Describe 'Get-PveTask, Wait-PveTask and Get-PveTaskLog' {
    BeforeAll {
        $null = Connect-TestPve $sim
    }

    It 'waits for tasks from the pipeline' {
        $done = Start-PveVm -VmId 101 -Confirm:$false | Wait-PveTask -TimeoutSec 30
        $done.Status | Should -Be 'stopped'
        $done.Succeeded | Should -BeTrue
    }

    It 'lists the tasks of a guest and reads one by UPID' {
        $task = Resume-PveVm -VmId 102 -Wait -Confirm:$false
        $listed = @(Get-PveTask -VmId 102 -Limit 5)
        $listed.Upid | Should -Contain $task.Upid
        (Get-PveTask -Upid $task.Upid).ExitStatus | Should -Be 'OK'
    }

    It 'reads a task''s log from the pipeline' {
        $log = @(Start-PveVm -VmId 200 -Wait -Confirm:$false | Get-PveTaskLog)
        $log[-1] | Should -Be 'TASK OK'
    }

    It 'takes UPID strings from the pipeline' {
        $task = Start-PveVm -VmId 101 -Confirm:$false
        ($task.Upid | Wait-PveTask -TimeoutSec 30).Succeeded | Should -BeTrue
        ($task.Upid | Get-PveTask).Upid | Should -Be $task.Upid
        ($task.Upid | Get-PveTaskLog)[-1] | Should -Be 'TASK OK'
    }

    It 'refuses a malformed UPID' {
        { Get-PveTask -Upid 'not-a-upid' -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidUpid,*'
    }
}
