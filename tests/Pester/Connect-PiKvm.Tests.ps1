BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest
    $cred = New-TestCredential
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Connect-PiKvm' {
    It 'connects with a pinned certificate and writes the session' {
        $session = Connect-PiKvm -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $session | Should -BeOfType ([KvmPve.PiKvmSession])
        $session.UserName | Should -Be 'admin'
        $session.AuthMode | Should -Be ([KvmPve.PiKvmAuthMode]::Session)
        $session.CertificateCheck | Should -Be 'Pinned'
        $session.TwoFactor | Should -BeFalse
        $session.Server.Port | Should -Be ([int]($sim.Server -split ':')[1])
    }

    It 'makes the new session the default' {
        $session = Connect-TestPiKvm $sim
        (Get-PiKvmInfo).Session | Should -Be $session
    }

    It 'connects in <_> mode' -ForEach 'Session', 'Header', 'Basic' {
        $session = Connect-TestPiKvm $sim -AuthMode $_
        $session.AuthMode | Should -Be $_
        (Get-PiKvmInfo -Field system -Session $session).KvmdVersion | Should -Be '4.132'
    }

    It 'stops with an authentication error naming the server when the password is wrong' {
        $e = { Connect-PiKvm $sim.Server -Credential (New-TestCredential -Password 'wrong') -CertificateThumbprint $sim.Thumbprint } |
            Should -Throw -ErrorId 'PiKvmAuthenticationFailed,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.Message | Should -BeLike "*$($sim.Server)*"
    }

    It 'refuses an untrusted certificate by default and shows its thumbprint' {
        $e = { Connect-PiKvm $sim.Server -Credential $cred } | Should -Throw -ErrorId 'PiKvmCertificateRejected,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        $e.Exception.Message | Should -BeLike "*$($sim.Thumbprint)*"
    }

    It 'refuses a certificate that does not match the pin' {
        { Connect-PiKvm $sim.Server -Credential $cred -CertificateThumbprint ('AB' * 32) } | Should -Throw -ErrorId 'PiKvmCertificateRejected,*'
    }

    It 'warns when certificate checking is skipped' {
        $session = Connect-PiKvm $sim.Server -Credential $cred -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue
        $session.CertificateCheck | Should -Be 'Skip'
        $warnings | Should -Not -BeNullOrEmpty
        "$warnings" | Should -BeLike '*-CertificateThumbprint*'
    }

    It 'rejects a malformed server before sending anything' {
        $e = { Connect-PiKvm 'https://kvm.example.net/api' -Credential $cred } | Should -Throw -ErrorId 'InvalidServer,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*kvm.example.net/api*host:port*"
    }

    It 'rejects a time-out outside 1 to 3600 seconds' {
        { Connect-PiKvm $sim.Server -Credential $cred -TimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'reports a closed port as a connection error within the timeout' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $e = { Connect-PiKvm "127.0.0.1:$port" -Credential $cred -TimeoutSec 5 } | Should -Throw -ErrorId 'PiKvmConnectionFailed,*' -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'writes requests to the verbose stream without any credential' {
        $output = Connect-PiKvm $sim.Server -Credential (New-TestCredential) -CertificateThumbprint $sim.Thumbprint -AuthMode Basic -Verbose 4>&1
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose | Should -Not -BeNullOrEmpty
        ($verbose.Message -join "`n") | Should -BeLike '*GET /api/auth/check -> 200*'
        ($verbose.Message -join "`n") | Should -Not -Match 'admin|YWRtaW46YWRtaW4='
    }

    It 'completes -Server from the open sessions' {
        $null = Connect-TestPiKvm $sim
        $completion = TabExpansion2 -inputScript 'Connect-PiKvm -Server 127.0.0' -cursorColumn 29
        $completion.CompletionMatches.CompletionText | Should -Contain $sim.Server
    }
}

Describe 'Connect-PiKvm with two-factor authentication' {
    BeforeAll {
        $totpSim = Start-KvmPveSimulator -Totp
        $secret = ConvertTo-SecureString $totpSim.TotpSecret -AsPlainText -Force
    }

    AfterAll {
        Stop-KvmPveSimulator $totpSim
    }

    It 'appends a fresh code in <_> mode' -ForEach 'Session', 'Header', 'Basic' {
        $session = Connect-PiKvm $totpSim.Server -Credential $cred -TotpSecret $secret -CertificateThumbprint $totpSim.Thumbprint -AuthMode $_
        $session.TwoFactor | Should -BeTrue
        (Get-PiKvmInfo -Field auth -Session $session).Data.auth.enabled | Should -BeTrue
    }

    It 'says how to supply the secret when it is missing' {
        $e = { Connect-PiKvm $totpSim.Server -Credential $cred -CertificateThumbprint $totpSim.Thumbprint } | Should -Throw -ErrorId 'PiKvmAuthenticationFailed,*' -PassThru
        $e.Exception.Message | Should -BeLike '*-TotpSecret*'
    }

    It 'rejects a secret that is not base32 without showing it' {
        $bad = ConvertTo-SecureString 'not base32 !!' -AsPlainText -Force
        $e = { Connect-PiKvm $totpSim.Server -Credential $cred -TotpSecret $bad -CertificateThumbprint $totpSim.Thumbprint } | Should -Throw -ErrorId 'PiKvmInvalidTotpSecret,*' -PassThru
        $e.Exception.Message | Should -Not -BeLike '*not base32 !!*'
    }
}
