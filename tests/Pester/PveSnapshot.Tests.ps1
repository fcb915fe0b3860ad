# Snapshots: the tree, the name checked first, removals and rollbacks waited for, -WhatIf sending nothing, and
# pipeline binding from Get-PveVm and Get-PveSnapshot.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator -TaskSeconds 0.3
    $null = Connect-TestPve $sim
    function Get-SnapshotChange { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -ne 'GET' -and $_.path -like '*/snapshot*' }) }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PveSnapshot' {
    It 'lists a guest''s snapshots as a tree, without PVE''s current entry' {
        $snapshots = @(Get-PveVm -Name web01 | Get-PveSnapshot)
        $snapshots.Name | Should -Be @('base', 'test', 'before-upgrade')
        $snapshots[0] | Should -BeOfType ([KvmPve.PveSnapshot])
        $snapshots.Depth | Should -Be @(0, 1, 1)
        ($snapshots | Where-Object IsCurrentParent).Name | Should -Be 'before-upgrade'
        ($snapshots | Where-Object Name -eq 'test').IncludesMemory | Should -BeTrue
        $snapshots[0].SnapTime | Should -BeOfType ([datetime])
        $snapshots[0].Description | Should -Be 'Fresh install'
    }

    It 'shows the tree in its default view' {
        $view = Get-PveSnapshot -VmId 100 | Out-String
        $view | Should -Match '(?m)^base\s'
        $view | Should -Match '(?m)^  └ before-upgrade  <- current'
    }

    It 'filters by name with wildcards, by guest name, and reports an unknown snapshot' {
        (Get-PveSnapshot be* -VmName web*).Name | Should -Be 'before-upgrade'
        $null = Get-PveSnapshot nope -VmId 100 -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PveSnapshotNotFound,*'
        "$($missing[0])" | Should -BeLike '*base, test, before-upgrade*'
    }
}

Describe 'New-PveSnapshot' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-SnapshotChange).Count
        Get-PveVm -Name web01 | New-PveSnapshot whatif -WhatIf
        (Get-SnapshotChange).Count | Should -Be $before
    }

    It 'refuses a name PVE would refuse before any request' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $e = { New-PveSnapshot 'bad name' -VmId 100 -Confirm:$false } | Should -Throw -ErrorId 'PveInvalidSnapshotName,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        { New-PveSnapshot current -VmId 100 -Confirm:$false } | Should -Throw -ErrorId 'PveInvalidSnapshotName,*'
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }

    It 'takes a snapshot from the pipeline and waits for it' {
        $task = Get-PveVm -Name web01 | New-PveSnapshot after-upgrade -Description '9.1' -IncludeMemory -Wait -Confirm:$false
        $task.Type | Should -Be 'qmsnapshot'
        $task.Succeeded | Should -BeTrue
        $snapshot = Get-PveSnapshot after-upgrade -VmId 100
        $snapshot.Parent | Should -Be 'before-upgrade'
        $snapshot.IsCurrentParent | Should -BeTrue
        $snapshot.IncludesMemory | Should -BeTrue
    }

    It 'refuses a taken name for that guest before its request' {
        $before = (Get-SnapshotChange).Count
        $null = New-PveSnapshot base -VmId 100 -Confirm:$false -ErrorVariable taken -ErrorAction SilentlyContinue
        $taken[0].FullyQualifiedErrorId | Should -BeLike 'PveSnapshotExists,*'
        $taken[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-SnapshotChange).Count | Should -Be $before
    }

    It 'refuses memory for a container' {
        $null = New-PveSnapshot withmem -VmId 200 -IncludeMemory -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'PveMemorySnapshotNotSupported,*'
    }
}

Describe 'Remove-PveSnapshot' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-SnapshotChange).Count
        Get-PveSnapshot -VmId 100 | Remove-PveSnapshot -WhatIf
        (Get-SnapshotChange).Count | Should -Be $before
    }

    It 'removes what Get-PveSnapshot pipes, one after another, and children move up' {
        $done = @(Get-PveSnapshot test, before-upgrade -VmId 100 | Remove-PveSnapshot -Confirm:$false)
        $done.Count | Should -Be 2
        $done.Type | Should -Be @('qmdelsnapshot', 'qmdelsnapshot')
        $done | ForEach-Object { $_.Succeeded | Should -BeTrue }
        $left = @(Get-PveSnapshot -VmId 100)
        $left.Name | Should -Be @('base', 'after-upgrade')
        ($left | Where-Object Name -eq 'after-upgrade').Parent | Should -Be 'base'
    }

    It 'refuses to run without a name' {
        { Remove-PveSnapshot -VmId 100 -Confirm:$false } | Should -Throw -ErrorId 'PveSnapshotNameMissing,*'
    }
}

Describe 'Restore-PveSnapshot' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-SnapshotChange).Count
        Restore-PveSnapshot base -VmId 100 -WhatIf
        (Get-SnapshotChange).Count | Should -Be $before
    }

    It 'rolls back what Get-PveSnapshot pipes, starts the guest, and waits' {
        $task = Get-PveSnapshot base -VmId 100 | Restore-PveSnapshot -Start -Confirm:$false
        $task.Type | Should -Be 'qmrollback'
        $task.Succeeded | Should -BeTrue
        (Get-PveSnapshot base -VmId 100).IsCurrentParent | Should -BeTrue
        (Get-PveVm -VmId 100).Status | Should -Be 'running'
    }

    It 'reports a snapshot the guest lacks' {
        $null = Restore-PveSnapshot nope -VmId 100 -Confirm:$false -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PveSnapshotNotFound,*'
    }
}
