BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest -Connect
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Invoke-PiKvmApi' {
    It 'returns the result of the envelope as objects' {
        $result = Invoke-PiKvmApi Get info -Query @{ fields = 'system' }
        $result.system.kvmd.version | Should -Be '4.132'
    }

    It 'accepts the path with or without /api' {
        $null = Invoke-PiKvmApi Get /api/auth/check
        (Get-KvmPveSimulatorRequest $sim)[-1].path | Should -Be '/api/auth/check'
        $null = Invoke-PiKvmApi Get auth/check
        (Get-KvmPveSimulatorRequest $sim)[-1].path | Should -Be '/api/auth/check'
    }

    It 'sends booleans as 1 or 0 and lists comma-joined' {
        $text = Invoke-PiKvmApi Get log -Query @{ follow = $false; seek = 0 }
        $text | Should -BeOfType ([string])
        $text | Should -BeLike '*] --- Starting PiKVM*'
        $null = Invoke-PiKvmApi Get info -Query @{ fields = 'auth', 'meta' }
        (Get-KvmPveSimulatorRequest $sim)[-1].query | Should -Be '?fields=auth%2Cmeta'
    }

    It 'reports a plain-text 404 as ObjectNotFound with the server text' {
        $e = { Invoke-PiKvmApi Get no/such/endpoint -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmNotFound,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.Exception.Message | Should -BeLike '*404: Not Found*'
    }

    It 'reports a kvmd error envelope with its class and message' {
        $e = { Invoke-PiKvmApi Get info -Query @{ fields = 'bogus' } -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmValidator,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*ValidatorError*'bogus'*"
    }

    It 'sends nothing for a POST with -WhatIf' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        Invoke-PiKvmApi Post atx/power -Query @{ action = 'on' } -WhatIf
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }

    It 'refuses a full URL as the path' {
        { Invoke-PiKvmApi Get 'https://elsewhere/api/info' -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmInvalidPath,*'
    }

    It 'refuses an unknown method' {
        { Invoke-PiKvmApi Fetch info } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
