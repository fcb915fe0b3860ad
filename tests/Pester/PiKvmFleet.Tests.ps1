# Many PiKVMs at once: Connect-PiKvm to several, every fleet cmdlet on -Session <PiKvmSession[]> side by side.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    # Three more PiKVMs, answering after 400, 800 and 1200 ms: side by side, a call to all takes about the slowest one.
    $sim = Start-KvmPveSimulator -Fleet 3 -FleetDelayMs 1200
    Import-KvmPveUnderTest
    $members = $sim.Fleet
    $cred = New-TestCredential
    function Get-MemberChange($Member) {
        @(Get-KvmPveSimulatorRequest ([pscustomobject]@{ BaseUri = "https://$($Member.Server)/" }) |
            Where-Object { $_.method -eq 'POST' -and $_.path -like '/api/*' -and $_.path -notlike '/api/auth/*' })
    }
    # A port nothing listens on: bound, then let go.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $closedPort = $listener.LocalEndpoint.Port; $listener.Stop()
}

AfterAll {
    Get-PiKvmSession | Disconnect-PiKvm -Confirm:$false -ErrorAction SilentlyContinue
    Stop-KvmPveSimulator $sim
}

Describe 'Connect-PiKvm to several PiKVMs' {
    It 'connects a piped list with a thumbprint each, side by side, in the order given' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $script:fleet = @($members | Connect-PiKvm -Credential $cred)
        $watch.Stop()
        $fleet.Count | Should -Be 3
        $fleet | ForEach-Object { $_ | Should -BeOfType ([KvmPve.PiKvmSession]) }
        $fleet.Server.Authority | Should -Be $members.Server
        (Get-PiKvmSession)[-1] | Should -Be $fleet[2]
        # Logging in costs two answers of each; one after the other that is 2 x (0.4 + 0.8 + 1.2) s.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 4
    }

    It 'writes a session for those that answer and an error naming each one that does not' {
        $errors = $null
        $sessions = @(Connect-PiKvm -Server $members[0].Server, "127.0.0.1:$closedPort" -Credential $cred -CertificateThumbprint $members[0].CertificateThumbprint -TimeoutSec 5 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $sessions.Count | Should -Be 1
        $sessions[0].Server.Authority | Should -Be $members[0].Server
        $errors.Count | Should -Be 1
        $errors[0].TargetObject | Should -Be "127.0.0.1:$closedPort"
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $sessions | Disconnect-PiKvm -Confirm:$false
    }

    It 'refuses a wrong thumbprint for one device only' {
        $errors = $null
        $list = @($members[0], [pscustomobject]@{ Server = $members[1].Server; CertificateThumbprint = $members[0].CertificateThumbprint })
        $sessions = @($list | Connect-PiKvm -Credential $cred -ErrorVariable errors -ErrorAction SilentlyContinue)
        $sessions.Count | Should -Be 1
        $errors.Count | Should -Be 1
        $errors[0].TargetObject | Should -Be $members[1].Server
        $errors[0].Exception.Message | Should -BeLike '*thumbprint*'
        $sessions | Disconnect-PiKvm -Confirm:$false
    }
}

Describe 'Reading many PiKVMs at once' {
    It 'reads every device side by side, each result naming its device' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $atx = @(Get-PiKvmAtx -Session $fleet)
        $watch.Stop()
        $atx.Count | Should -Be 3
        $atx | ForEach-Object { $_ | Should -BeOfType ([KvmPve.PiKvmAtxState]) }
        @($atx.Server | Sort-Object) | Should -Be @($members.Server | Sort-Object)
        @($atx | Where-Object { $_.Session.Server.Authority -ne $_.Server }).Count | Should -Be 0
        # One after the other: 2.4 s; side by side: the slowest one, 1.2 s.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2.2
    }

    It 'gathers sessions piped in and runs them together' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $info = @($fleet | Get-PiKvmInfo)
        $watch.Stop()
        $info.Count | Should -Be 3
        @($info.Server | Sort-Object -Unique).Count | Should -Be 3
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2.2
    }

    It 'runs one at a time with -ThrottleLimit 1' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $null = Get-PiKvmAtx -Session $fleet -ThrottleLimit 1
        $watch.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 2.3
    }

    It 'expands lists per device' {
        $images = @(Get-PiKvmGpio -Session $fleet)
        @($images | Group-Object Server).Count | Should -Be 3
    }

    It 'refuses several sessions in a cmdlet that works on one PiKVM' {
        { Get-PiKvmLog -Session $fleet } | Should -Throw -ErrorId 'PiKvmOneSessionOnly*' -ExpectedMessage '*Get-PiKvmLog works on one server at a time; -Session got 3*'
    }
}

Describe 'Acting on many PiKVMs at once' {
    It 'sends nothing to any device with -WhatIf' {
        $before = $members | ForEach-Object { (Get-MemberChange $_).Count }
        Invoke-PiKvmAtxPower OffHard -Session $fleet -WhatIf
        $after = $members | ForEach-Object { (Get-MemberChange $_).Count }
        $after | Should -Be $before
    }

    It 'writes each device''s failure as an error naming it, and the others'' results' {
        $file = Join-Path $TestDrive 'only-one.iso'
        [System.IO.File]::WriteAllBytes($file, [byte[]]::new(4096))
        $null = Add-PiKvmMsdImage -Path $file -Session $fleet[1] -Confirm:$false
        $errors = $null
        $mounted = @(Mount-PiKvmMsdImage only-one.iso -Session $fleet -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue)
        $mounted.Count | Should -Be 1
        $mounted[0].Server | Should -Be $members[1].Server
        $errors.Count | Should -Be 2
        @($errors.ErrorDetails.Message | ForEach-Object { ($_ -split ': ')[0] } | Sort-Object) | Should -Be @($members[0].Server, $members[2].Server | Sort-Object)
        $errors | ForEach-Object { $_.ErrorDetails.Message | Should -BeLike '*only-one.iso*' }
        Dismount-PiKvmMsdImage -Session $fleet[1] -Confirm:$false | Out-Null
    }

    It 'pipes a result on to the same device' {
        $before = $members | ForEach-Object { (Get-MemberChange $_).Count }
        Get-PiKvmAtx -Session $fleet | Where-Object Server -eq $members[2].Server | Invoke-PiKvmAtxPower OffHard -Confirm:$false | Out-Null
        $after = $members | ForEach-Object { (Get-MemberChange $_).Count }
        $after[0] | Should -Be $before[0]
        $after[1] | Should -Be $before[1]
        $after[2] | Should -Be ($before[2] + 1)
        (Get-MemberChange $members[2])[-1].path | Should -Be '/api/atx/power'
    }

    It 'presses keys on every device' {
        Send-PiKvmKey Enter -Session $fleet -Confirm:$false
        foreach ($member in $members) {
            @((Get-KvmPveSimulatorHid ([pscustomobject]@{ BaseUri = "https://$($member.Server)/" })).keys) | Should -Be @('+Enter', '-Enter')
        }
    }

    It 'saves a screenshot of every device into a folder, one file each, and refuses one file for all' {
        $folder = Join-Path $TestDrive 'shots'
        $null = New-Item -ItemType Directory $folder
        $files = @(Save-PiKvmScreenshot $folder -Session $fleet -Confirm:$false)
        $files.Count | Should -Be 3
        @($files.Name | Sort-Object) | Should -Be @($members.Server | ForEach-Object { ($_ -replace ':', '_') + '.jpg' } | Sort-Object)
        $files | ForEach-Object { [IO.File]::ReadAllBytes($_.FullName)[0..1] | Should -Be @(0xFF, 0xD8) }
        { Save-PiKvmScreenshot (Join-Path $TestDrive 'one.jpg') -Session $fleet -Confirm:$false } | Should -Throw -ErrorId 'PiKvmScreenshotFolder,*' -ExpectedMessage '*with 3 PiKVMs give an existing folder*'
        Test-Path (Join-Path $TestDrive 'one.jpg') | Should -BeFalse
    }

    It 'uploads one image to every device side by side' {
        $file = Join-Path $TestDrive 'fleet.iso'
        $bytes = [byte[]]::new(1MB); (New-Object Random 7).NextBytes($bytes); [IO.File]::WriteAllBytes($file, $bytes)
        $images = @(Add-PiKvmMsdImage -Path $file -Session $fleet -Confirm:$false)
        $images.Count | Should -Be 3
        @($images.Server | Sort-Object) | Should -Be @($members.Server | Sort-Object)
        $images | ForEach-Object { $_.Size | Should -Be 1MB }
        @(Get-PiKvmMsdImage fleet.iso -Session $fleet).Count | Should -Be 3
    }

    It 'calls any kvmd endpoint on every device' {
        $answers = @(Invoke-PiKvmApi Get /api/atx -Session $fleet)
        $answers.Count | Should -Be 3
        @($answers.Server | Sort-Object) | Should -Be @($members.Server | Sort-Object)
    }

    It 'disconnects them all' {
        Disconnect-PiKvm -Session $fleet -Confirm:$false
        $fleet | ForEach-Object { $_.IsOpen | Should -BeFalse }
        { Get-PiKvmAtx -Session $fleet } | Should -Throw -ErrorId 'PiKvmSessionClosed*'
    }
}
