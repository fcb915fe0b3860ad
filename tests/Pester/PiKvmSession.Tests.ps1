BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest
    $modulePath = Get-KvmPveModulePath
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PiKvmSession' {
    BeforeEach {
        Get-PiKvmSession | Disconnect-PiKvm -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'lists the sessions of this runspace, oldest first' {
        $first = Connect-TestPiKvm $sim
        $second = Connect-TestPiKvm $sim -AuthMode Header
        $sessions = @(Get-PiKvmSession)
        $sessions.Count | Should -Be 2
        $sessions[0] | Should -Be $first
        $sessions[1] | Should -Be $second
    }

    It 'does not share sessions with other runspaces' {
        $null = Connect-TestPiKvm $sim
        $count = 1 | ForEach-Object -Parallel { Import-Module $using:modulePath; @(Get-PiKvmSession).Count }
        $count | Should -Be 0
    }

    It 'shows a table with server, user and certificate check' {
        $null = Connect-TestPiKvm $sim
        $text = Get-PiKvmSession | Out-String
        $text | Should -BeLike '*Server*UserName*AuthMode*'
        $text | Should -BeLike '*Pinned*'
    }
}

Describe 'Disconnect-PiKvm' {
    It 'logs out, closes and forgets the default session' {
        $session = Connect-TestPiKvm $sim
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object path -eq '/api/auth/logout').Count
        Disconnect-PiKvm
        @(Get-KvmPveSimulatorRequest $sim | Where-Object path -eq '/api/auth/logout').Count | Should -Be ($before + 1)
        $session.IsOpen | Should -BeFalse
        Get-PiKvmSession | Should -Not -Contain $session
    }

    It 'leaves no default behind, so nothing reaches another PiKVM by accident' {
        $other = Connect-TestPiKvm $sim
        $null = Connect-TestPiKvm $sim
        Disconnect-PiKvm
        { Get-PiKvmInfo } | Should -Throw -ErrorId 'PiKvmNotConnected,*'
        $other.IsOpen | Should -BeTrue
    }

    It 'sends nothing with -WhatIf' {
        $session = Connect-TestPiKvm $sim
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        Disconnect-PiKvm -WhatIf
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
        $session.IsOpen | Should -BeTrue
    }

    It 'takes sessions from the pipeline' {
        $null = Connect-TestPiKvm $sim
        $null = Connect-TestPiKvm $sim -AuthMode Basic
        Get-PiKvmSession | Disconnect-PiKvm -Confirm:$false
        Get-PiKvmSession | Should -BeNullOrEmpty
    }

    It 'refuses a closed session with a clear error' {
        $session = Connect-TestPiKvm $sim
        Disconnect-PiKvm -Session $session
        { Get-PiKvmInfo -Session $session } | Should -Throw -ErrorId 'PiKvmSessionClosed,*'
    }
}
