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
            Should -Throw -ErrorId 'PveTfaRequired' -PassThru
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.Message | Should -BeLike '*-Otp*-TotpSecret*'
    }

    It 'stops with an authentication error when the password is wrong' {
        $e = { Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential -UserName 'root@pam' -Password 'nope') -CertificateThumbprint $sim.Thumbprint } |
            Should -Throw -ErrorId 'PveAuthenticationFailed' -PassThru
        $e.Exception.Message | Should -BeLike "*$($sim.Host):$($sim.Port)*"
    }

    It 'refuses a token id without !tokenid before sending anything' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        $token = [pscredential]::new('root@pam', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        { Connect-Pve $sim.Host -Port $sim.Port -ApiToken $token -CertificateThumbprint $sim.Thumbprint } | Should -Throw -ErrorId 'PveInvalidTokenId'
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
        { Get-PveVersion } | Should -Throw -ErrorId 'PveNotConnected'
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
        $e = { Invoke-PveApi Get version -Parameter @{ bogus = 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'PveBadRequest' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike '*bogus: property is not defined in schema*'
    }

    It 'reports a missing privilege as PermissionDenied' {
        $auditor = Connect-Pve $sim.Host -Port $sim.Port -Credential (New-TestCredential -UserName 'auditor@pve' -Password 'auditor') -CertificateThumbprint $sim.Thumbprint
        $e = { Invoke-PveApi Get nodes -Session $auditor -ErrorAction Stop } | Should -Throw -ErrorId 'PveForbidden' -PassThru
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $e.Exception.Message | Should -BeLike '*Permission check failed (/nodes, Sys.Audit)*'
    }

    It 'sends nothing for a POST with -WhatIf' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        Invoke-PveApi Post nodes/pve1/qemu/100/status/start -WhatIf
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }
}
