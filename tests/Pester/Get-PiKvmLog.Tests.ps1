BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest -Connect
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PiKvmLog' {
    It 'writes typed entries with time, service and message' {
        $entries = @(Get-PiKvmLog)
        $entries.Count | Should -BeGreaterOrEqual 5
        $entries[0] | Should -BeOfType ([KvmPve.PiKvmLogEntry])
        $entries[0].Time | Should -BeOfType ([datetime])
        $entries[0].Service | Should -Be 'kvmd.service'
        $entries[0].Message | Should -Be 'Starting PiKVM - The main daemon...'
    }

    It 'sends -Seek in whole seconds, rounded up' {
        $null = Get-PiKvmLog -Seek ([timespan]::FromSeconds(1.5))
        (Get-KvmPveSimulatorRequest $sim | Where-Object path -eq '/api/log')[-1].query | Should -Be '?seek=2&follow=0'
    }

    It 'follows until Select-Object has what it wants' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $entries = @(Get-PiKvmLog -Seek 00:00:01 -Follow | Select-Object -First 3)
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $entries.Count | Should -Be 3
    }

    It 'keeps writing new lines as the PiKVM logs them' {
        # About three records of the last second, then live ones (the simulator logs every 300 ms).
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $entries = @(Get-PiKvmLog -Seek 00:00:01 -Follow | Select-Object -First 8)
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 0.5
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        $entries.Count | Should -Be 8
        $entries[-1].Time | Should -BeGreaterOrEqual $entries[0].Time
    }

    It 'refuses a negative -Seek before any request' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        { Get-PiKvmLog -Seek ([timespan]::FromSeconds(-5)) -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmInvalidSeek,*'
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }

    It 'shows a table of time, service and message' {
        Get-PiKvmLog | Select-Object -First 1 | Out-String | Should -BeLike '*Time*Service*Message*kvmd.service*'
    }
}
