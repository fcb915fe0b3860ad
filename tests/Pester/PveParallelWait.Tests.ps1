# Power cmdlets with -Wait on many guests: tasks start as guests arrive, at most -ThrottleLimit at once, and are
# waited for together. Behaviour and ordering are asserted here; the times are measured by the benchmark.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator -TaskSeconds 1 -ExtraGuests 20 -FailTask 1001 -SlowTask 101
    $null = Connect-TestPve $sim
    function Get-MostRunning { (Invoke-RestMethod "$($sim.BaseUri)_simulator/pve/tasks" -SkipCertificateCheck).mostRunningAtOnce }
    function Get-StartRequest { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/status/start' }) }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Start-PveVm -Wait on many guests' {
    It 'starts nothing with -WhatIf' {
        $before = (Get-StartRequest).Count
        Get-PveVm -Tag bulk | Start-PveVm -Wait -ThrottleLimit 4 -WhatIf
        (Get-StartRequest).Count | Should -Be $before
    }

    It 'never runs more than -ThrottleLimit at once and writes every finished task' {
        $guests = @(Get-PveVm -Tag bulk)
        $guests.Count | Should -Be 20
        $done = @($guests | Start-PveVm -Wait -ThrottleLimit 5 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue)
        $done.Count | Should -Be 19 -Because 'the task of 1001 fails'
        $done | ForEach-Object { $_ | Should -BeOfType ([KvmPve.PveTask]); $_.Succeeded | Should -BeTrue; $_.Status | Should -Be 'stopped' }
        @($done.Id | Sort-Object -Unique).Count | Should -Be 19
        $failed.Count | Should -Be 1
        Get-MostRunning | Should -Be 5
    }

    It 'runs them side by side with a throttle as large as the batch' {
        $done = @(Get-PveVm -Tag bulk | Start-PveVm -Wait -ThrottleLimit 20 -Confirm:$false -ErrorAction SilentlyContinue)
        $done.Count | Should -Be 19
        Get-MostRunning | Should -Be 20
    }

    It 'stops waiting when downstream has what it wants' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $first = @(Get-PveVm -Tag bulk | Start-PveVm -Wait -Confirm:$false -ErrorAction SilentlyContinue | Select-Object -First 1)
        $watch.Stop()
        $first.Count | Should -Be 1
        $first[0].Succeeded | Should -BeTrue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'the first result ends the pipeline; the rest is not waited for'
    }

    It 'says which tasks keep running on PVE when the wait is stopped' {
        # A fresh pwsh: the notice goes to the host (the stopped pipeline takes no more writes), so it is on stdout.
        $module = Join-Path (Get-Module KvmPve).ModuleBase 'KvmPve.psd1'
        $script = "Import-Module '$module'; `$c = [pscredential]::new('root@pam', (ConvertTo-SecureString proxmox -AsPlainText -Force)); " +
            "`$null = Connect-Pve -Server $($sim.Host) -Port $($sim.Port) -CertificateThumbprint $($sim.Thumbprint) -Credential `$c; " +
            "Start-PveVm -VmId 1000, 101 -Wait -Confirm:`$false | Select-Object -First 1 | ForEach-Object { 'first: ' + `$_.Id }"
        $out = Invoke-FreshPwsh -Command $script 2>&1 | Out-String
        $out | Should -BeLike '*first: 1000*'
        $out | Should -BeLike '*1 task(s) already started on PVE keep running: qmstart 101 on pve1*'
        $out | Should -Not -BeLike '*qmstart 1000 on*'
    }

    It 'reports a failed task as its own error and writes the others' {
        $done = @(Start-PveVm -VmId 1000, 1001, 1002 -Wait -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue)
        $done.Id | Sort-Object | Should -Be @('1000', '1002')
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PveTaskFailed,*'
        $failed[0].TargetObject.Id | Should -Be '1001'
        $failed[0].Exception.LogTail | Should -Contain 'TASK ERROR: simulated failure'
    }

    It 'refuses a -ThrottleLimit below 1' {
        { Start-PveVm -VmId 1000 -Wait -ThrottleLimit 0 -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'Copy-PveVm and Move-PveVm -Wait on many guests' {
    It 'clones guests from the pipeline side by side, each written once its lock is gone, each with its own VMID' {
        $sources = @(Get-PveVm -Tag bulk -Type Qemu | Where-Object VmId -ne 1001 | Select-Object -First 6)
        $clones = @($sources | Copy-PveVm -NewName bulk-clone -Wait -ThrottleLimit 3 -Confirm:$false)
        $clones.Count | Should -Be 6
        @($clones.VmId | Sort-Object -Unique).Count | Should -Be 6
        $clones | ForEach-Object { $_ | Should -BeOfType ([KvmPve.PveVm]); $_.Lock | Should -BeNullOrEmpty }
    }

    It 'migrates guests from the pipeline side by side and writes each on its new node' {
        $moving = @(Get-PveVm -Tag bulk -Type Qemu -Node pve1 -Status running | Where-Object VmId -ne 1001 | Select-Object -First 4)
        $moving.Count | Should -Be 4
        $moved = @($moving | Move-PveVm -TargetNode pve2 -Online -Wait -Confirm:$false)
        $moved.Count | Should -Be 4
        $moved.Node | Sort-Object -Unique | Should -Be 'pve2'
        ($moved.VmId | Sort-Object) | Should -Be ($moving.VmId | Sort-Object)
    }
}

Describe 'Wait-PveTask on many tasks' {
    It 'waits for them together, writing each as it ends' {
        $started = @(Get-PveVm -Tag bulk | Where-Object VmId -ne 1001 | Select-Object -First 6 | Start-PveVm -Confirm:$false)
        $started.Count | Should -Be 6
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $done = @($started | Wait-PveTask)
        $watch.Stop()
        $done.Count | Should -Be 6
        $done | ForEach-Object { $_.Succeeded | Should -BeTrue }
        ($done.Upid | Sort-Object) | Should -Be ($started.Upid | Sort-Object)
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because 'six 1 s tasks waited for together, not one after another'
    }

    It 'ends the wait for a task past -TimeoutSec with an error, and still writes the others' {
        $started = @(Start-PveVm -VmId 1000, 101 -Confirm:$false)
        $done = @($started | Wait-PveTask -TimeoutSec 3 -ErrorVariable late -ErrorAction SilentlyContinue)
        $done.Id | Should -Be @('1000')
        $late.Count | Should -Be 1
        $late[0].FullyQualifiedErrorId | Should -BeLike 'PveTaskTimeout,*'
        $late[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$($late[0])" | Should -BeLike '*101*goes on*'
    }
}
