# Watch-PiKvmEvent against the simulator where the real kvmd cannot be staged: a dropped stream and its gap, the
# default view. The scenarios on both targets are in PiKvmScenarios.Tests.ps1.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator
    $null = Connect-TestPiKvm $sim
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Watch-PiKvmEvent' {
    It 'opens a dropped stream again, reads the states anew and warns of the gap' {
        $drop = Start-ThreadJob -ArgumentList $sim.BaseUri -ScriptBlock {
            param($Base)
            Start-Sleep -Milliseconds 1500
            Invoke-RestMethod -Method Post "$($Base)_simulator/pikvm/events/drop" -SkipCertificateCheck | Out-Null
        }
        $events = @(Watch-PiKvmEvent loop, gpio -TimeoutSec 5 -WarningVariable gap -WarningAction SilentlyContinue)
        $drop | Receive-Job -Wait -AutoRemoveJob | Out-Null
        @($events | Where-Object Type -eq 'loop').Count | Should -Be 2
        @($events | Where-Object Type -eq 'gpio').Count | Should -BeGreaterOrEqual 2
        "$gap" | Should -BeLike '*interrupted*read anew*'
    }

    It 'shows time, type and what changed in its default view' {
        $view = Watch-PiKvmEvent atx -TimeoutSec 2 | Out-String
        $view | Should -Match 'atx\s'
        $view | Should -Match '\{"acts":'
    }

    It 'refuses a -TimeoutSec below 1' {
        { Watch-PiKvmEvent -TimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}
