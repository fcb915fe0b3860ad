# Issue 17: PVE's schema as a safety net. The simulator's users: readonly@pve audits everything; operator@pve audits
# everything and may run web01 (100); the privilege-separated token operator@pve!narrow may only look at web01.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator
    function Connect-As([string] $User, [string] $Password) {
        Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential $User $Password) -CertificateThumbprint $sim.Thumbprint
    }
    function Get-Change([int] $Since) {
        @(Get-KvmPveSimulatorRequest $sim | Select-Object -Skip $Since | Where-Object { $_.method -ne 'GET' -and $_.path -ne '/api2/json/access/ticket' })
    }
    $narrowToken = [pscredential]::new('operator@pve!narrow', (ConvertTo-SecureString '0c8e6a4f-2b1d-4e3a-9f7c-5d6b8a9e1f20' -AsPlainText -Force))
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'The permission preflight' {
    It 'refuses a read-only user''s <Command> before any request, naming the path and the privilege' -ForEach @(
        @{ Command = 'Start-PveVm'; Call = { Start-PveVm -VmId 101 -Confirm:$false -ErrorAction Stop }; Expected = '*readonly@pve lacks VM.PowerMgmt on /vms/101*' }
        @{ Command = 'Copy-PveVm'; Call = { Copy-PveVm -VmId 103 -Confirm:$false -ErrorAction Stop }; Expected = '*lacks VM.Clone on /vms/103*' }
        @{ Command = 'Set-PveVmConfig'; Call = { Set-PveVmConfig web01 -Parameter @{ description = 'x' } -Confirm:$false -ErrorAction Stop }; Expected = '*lacks any of VM.Config.Disk*on /vms/100*' }
    ) {
        $null = Connect-As readonly@pve readonly
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $e = $Call | Should -Throw -ErrorId 'PvePermissionDenied,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $e.Exception.Message | Should -BeLike $Expected
        Get-Change $before | Should -BeNullOrEmpty
    }

    It 'acts on the guests a batch may act on and refuses the others' {
        $null = Connect-As operator@pve operator
        $stopped = Get-PveVm -VmId 100, 200 | Stop-PveVm -TurnOff -Wait -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        @($stopped).Id | Should -Be @('100')
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'PvePermissionDenied,*'
        $refused[0].TargetObject.VmId | Should -Be 200
        (Get-PveVm -VmId 200).Status | Should -Be 'running'
        $null = Start-PveVm -VmId 100 -Wait -Confirm:$false
    }

    It 'reports with -WhatIf what PVE would refuse, and sends nothing' {
        $null = Connect-As operator@pve operator
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        Get-PveVm -VmId 100, 200 | Stop-PveVm -WhatIf -WarningVariable warned 3>$null
        $warned.Count | Should -Be 1
        "$($warned[0])" | Should -BeLike '*200 on pve2*: PVE would refuse this*operator@pve lacks VM.PowerMgmt on /vms/200*'
        Get-Change $before | Should -BeNullOrEmpty
    }

    It 'tells a privilege-separated token what it lacks and why' {
        $null = Connect-Pve $sim.Host -Port $sim.Port -ApiToken $narrowToken -CertificateThumbprint $sim.Thumbprint
        @(Get-PveVm).VmId | Should -Be @(100)
        $e = { Stop-PveVm -VmId 100 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PvePermissionDenied,*' -PassThru
        $e.Exception.Message | Should -BeLike '*operator@pve!narrow lacks VM.PowerMgmt on /vms/100*privilege separation*'
    }
}

Describe 'Get-PvePermission and Test-PvePermission' {
    BeforeAll { $null = Connect-As operator@pve operator }

    It 'lists the session''s privileges by path, and on one path as PVE computes them' {
        $all = Get-PvePermission
        $all | Should -BeOfType ([KvmPve.PvePrivilege])
        ($all | Where-Object Path -eq '/vms/100').Privilege | Should -Contain 'VM.PowerMgmt'
        ($all | Where-Object Path -eq '/').Privilege | Should -Contain 'VM.Audit'
        (Get-PvePermission -Path /vms/200).Privilege | Should -Not -Contain 'VM.PowerMgmt'
        { Get-PvePermission -Path 'vms 100' -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidAclPath,*'
    }

    It 'tests privileges on a path: all of them, or any with -Any' {
        $test = Test-PvePermission /vms/200 VM.Audit, VM.PowerMgmt
        $test | Should -BeOfType ([KvmPve.PvePermissionTest])
        ($test.Allowed, $test.Missing) | Should -Be @($false, 'VM.PowerMgmt')
        (Test-PvePermission /vms/200 VM.Audit, VM.PowerMgmt -Any).Allowed | Should -BeTrue
        (Test-PvePermission /vms/100 VM.PowerMgmt).Allowed | Should -BeTrue
        { Test-PvePermission /vms/100 VM.PowerMgnt -ErrorAction Stop } | Should -Throw -ErrorId 'PveUnknownPrivilege,*'
    }

    It 'tests what a cmdlet would need for a guest' {
        (Test-PvePermission -Command Start-PveVm -Parameter @{ VmId = 100 }).Allowed | Should -BeTrue
        $clone = Test-PvePermission -Command Copy-PveVm -Parameter @{ Name = 'web01'; NewId = 150 }
        ($clone.Allowed, $clone.Path, $clone.Missing) | Should -Be @($false, '/vms/100', 'VM.Clone')
        { Test-PvePermission -Command Get-Date -Parameter @{ VmId = 100 } -ErrorAction Stop } | Should -Throw -ErrorId 'PveUnknownCommand,*'
        { Test-PvePermission -Command Start-PveVm -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestMissing,*'
    }

    It 'completes privileges and commands on Tab' {
        $line = 'Test-PvePermission /vms/100 VM.Pow'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'VM.PowerMgmt'
        $line = 'Test-PvePermission -Command Copy-'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Copy-PveVm')
    }
}

Describe 'Invoke-PveApi and the schema' {
    BeforeAll { $null = Connect-As root@pam proxmox }

    It 'refuses a bad parameter locally, naming near matches and the valid ones' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $e = { Invoke-PveApi Put nodes/pve1/qemu/100/config -Parameter @{ memroy = 4096 } -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidParameter,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*'memroy' is not a parameter*did you mean memory?*Its parameters:*cores*"
        { Invoke-PveApi Get nodes/pve1/tasks -Parameter @{ source = 'some' } -ErrorAction Stop } | Should -Throw -ErrorId 'PveInvalidParameter,*'
        { Invoke-PveApi Get nodes/pve1/qemu/100/statu -ErrorAction Stop } | Should -Throw -ErrorId 'PveUnknownApiPath,*'
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
        # -SkipSchemaCheck leaves it to PVE, which refuses it too.
        { Invoke-PveApi Get nodes/pve1/tasks -Parameter @{ source = 'some' } -SkipSchemaCheck -ErrorAction Stop } | Should -Throw -ErrorId 'PveBadRequest,*'
    }

    It 'completes paths with live nodes and VMIDs, and parameters, on Tab' {
        $line = 'Invoke-PveApi Get nodes/'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('nodes/pve1', 'nodes/pve2')
        $line = 'Invoke-PveApi Get nodes/pve2/lxc/'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('nodes/pve2/lxc/200')
        $line = 'Invoke-PveApi Get cluster/re'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'cluster/resources'
        $line = 'Invoke-PveApi Put nodes/pve1/qemu/100/config -Parameter mem'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('@{ memory = }')
    }

    It 'sent no request the PVE schema refuses, but the one sent on purpose' {
        @(Get-KvmPveSchemaViolation $sim | Where-Object { $_ -notlike 'GET /nodes/pve1/tasks: source*' }) | Should -BeNullOrEmpty
    }
}
