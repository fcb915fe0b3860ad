BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest
    $session = Connect-TestPiKvm $sim
    $modulePath = Get-KvmPveModulePath
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PiKvmInfo' {
    It 'puts what people look for on top' {
        $info = Get-PiKvmInfo
        $info | Should -BeOfType ([KvmPve.PiKvmInfo])
        $info.HostName | Should -Be 'pikvm-sim'
        $info.KvmdVersion | Should -Be '4.132'
        $info.StreamerApp | Should -Be 'ustreamer'
        $info.Platform | Should -Be 'v4plus'
        $info.CpuTemperature | Should -BeGreaterThan 0
        $info.Uptime | Should -BeOfType ([timespan])
    }

    It 'keeps the whole answer as nested objects' {
        $info = Get-PiKvmInfo
        $info.Data.system.kernel.machine | Should -Be 'aarch64'
        $info.Data.hw.platform.model | Should -Be 'v4plus'
    }

    It 'asks only for the fields given' {
        $info = Get-PiKvmInfo -Field system, uptime
        $info.Data.PSObject.Properties.Name | Should -Be @('system', 'uptime')
        $info.HostName | Should -BeNullOrEmpty
        (Get-KvmPveSimulatorRequest $sim)[-1].query | Should -Be '?fields=system%2Cuptime'
    }

    It 'refuses an unknown field before any request, listing the valid ones' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $e = { Get-PiKvmInfo -Field system, bogus -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmUnknownInfoField,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*'bogus'*auth, extras, fan, health, hw, meta, node, system, uptime*"
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }

    It 'completes field names' {
        $completion = TabExpansion2 -inputScript 'Get-PiKvmInfo -Field sy' -cursorColumn 23
        $completion.CompletionMatches.CompletionText | Should -Be 'system'
    }

    It 'takes the session from the pipeline' {
        ($session | Get-PiKvmInfo).Session | Should -Be $session
    }

    It 'shows a readable list' {
        Get-PiKvmInfo | Out-String | Should -BeLike '*KvmdVersion*4.132*Streamer*ustreamer*'
    }

    It 'tells the user to connect when there is no session' {
        # A fresh runspace has no session.
        $outcome = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            try { Get-PiKvmInfo -ErrorAction Stop } catch { "$($_.FullyQualifiedErrorId) | $($_.CategoryInfo.Category) | $_" }
        }
        $outcome | Should -BeLike 'PiKvmNotConnected,*| ConnectionError |*Connect-PiKvm*'
    }
}
