# A VM's console from PowerShell, on the simulator's qemu-server console endpoints (pve-mock has none): keys through
# PUT .../sendkey, and remote-viewer's .vv file from spiceproxy.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator -TaskSeconds 0.3
    $null = Connect-TestPve $sim
    function Get-SentKey([int] $VmId) { @((Invoke-RestMethod "$($sim.BaseUri)_simulator/pve/keys" -SkipCertificateCheck)."$VmId") }
    function Get-ConsoleRequest { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -match '/(sendkey|spiceproxy)$' }) }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Send-PveVmKey' {
    It 'sends nothing with -WhatIf' {
        Send-PveVmKey -VmId 100 'Ctrl+Alt+Delete' -WhatIf
        (Get-ConsoleRequest).Count | Should -Be 0
    }

    It 'presses chords in order in QEMU''s names, from Send-PiKvmKey''s names as well' {
        Send-PveVmKey -VmId 100 'Ctrl+Alt+Delete', 'f12', 'Enter' -Confirm:$false
        Get-SentKey 100 | Should -Be @('ctrl-alt-delete', 'f12', 'ret')
    }

    It 'takes guests from Get-PveVm' {
        Get-PveVm -Name db01 | Send-PveVmKey esc -Confirm:$false
        Get-SentKey 102 | Should -Be @('esc')
    }

    It 'refuses an unknown key before any request, naming it and near ones' {
        $before = (Get-ConsoleRequest).Count
        $e = { Send-PveVmKey -VmId 100 'ret', 'ctrl-alt-delet' -Confirm:$false } | Should -Throw -ErrorId 'PveInvalidKey,*' -PassThru
        $e.Exception.Message | Should -BeLike "*'delet' in 'ctrl-alt-delet' is not a key QEMU knows. Did you mean delete*"
        (Get-ConsoleRequest).Count | Should -Be $before
    }

    It 'says a stopped VM has no keyboard to press, and a container is no VM' {
        $errors = $null
        Send-PveVmKey -VmId 101, 200 ret -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PveGuestNotRunning,*'
        $errors[0].Exception.Message | Should -BeLike '*VM 101 on pve1 is stopped*Start-PveVm*'
        $errors[1].FullyQualifiedErrorId | Should -BeLike 'PveNotAVm,*'
    }

    It 'completes QEMU key names, the last one of a chord' {
        $names = (TabExpansion2 'Send-PveVmKey -VmId 100 -Key ctrl-alt-del' 39).CompletionMatches.CompletionText
        $names | Should -Contain 'ctrl-alt-delete'
    }
}

Describe 'Send-PveVmText' {
    It 'refuses what a US keyboard cannot type, naming it, before any request' {
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count
        $e = { Send-PveVmText -VmId 100 'grüße' -Confirm:$false } | Should -Throw -ErrorId 'PveVmTextNotTypable,*' -PassThru
        $e.Exception.Message | Should -BeLike "*'ü' cannot be typed*US keyboard*Send-PveConsoleText*"
        @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count | Should -Be $before
    }

    It 'sends nothing with -WhatIf' {
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count
        Send-PveVmText -VmId 100 'root' -WhatIf
        @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count | Should -Be $before
    }
}

Describe 'VNC consoles without a VNC server to reach' {
    It 'refuses a stopped VM''s screenshot and bridge, naming its state, before any console request' {
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count
        $e = { Save-PveVmScreenshot -VmId 102 (Join-Path $TestDrive 'db.png') -ErrorAction Stop } | Should -Throw -PassThru
        $e.Exception.Message | Should -BeLike '*VM 102*'
        { Open-PveConsole -VmId 101 -Vnc -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestNotRunning,*'
        { Save-PveVmScreenshot -VmId 200 (Join-Path $TestDrive 'ct.png') -ErrorAction Stop } | Should -Throw -ErrorId 'PveNotAVm,*'
        @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count | Should -Be ($before + 1) -Because 'only the running VM 102 reached vncproxy (the simulator has no VNC server for it)'
        Test-Path (Join-Path $TestDrive 'db.png') | Should -BeFalse
    }

    It 'asks for one kind of console, with the parameters that go with it' {
        { Open-PveConsole -VmId 100 -Confirm:$false } | Should -Throw -ErrorId 'PveConsoleKind,*' -ExpectedMessage '*-Vnc*-Spice*'
        { Open-PveConsole -VmId 100 -Vnc -Spice -Confirm:$false } | Should -Throw -ErrorId 'PveConsoleKind,*'
        { Open-PveConsole -VmId 100 -Vnc -Launch -Confirm:$false } | Should -Throw -ErrorId 'PveConsoleKind,*' -ExpectedMessage '*go with -Spice*'
    }

    It 'Close-PveConsole with no bridge open does nothing' {
        Close-PveConsole -Confirm:$false | Should -BeNullOrEmpty
    }
}

Describe 'Text consoles (termproxy; the simulator''s scripted login where no serial port is behind it)' {
    BeforeAll {
        function Get-TermRequest { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/termproxy' }).Count }
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-TermRequest
        Send-PveConsoleText -VmId 102 'root' -Enter -WhatIf
        Get-TermRequest | Should -Be $before
    }

    It 'logs in and runs a command, waiting for each prompt, in any language' {
        $console = Open-PveConsole -VmId 102 -Text -Confirm:$false
        $console | Should -BeOfType ([KvmPve.PveTextConsole])
        Wait-PveConsoleText -VmId 102 'login:' -TimeoutSec 10 | Should -Be 'db01 login: '
        Send-PveConsoleText -VmId 102 root -Enter -Confirm:$false
        Wait-PveConsoleText -VmId 102 'Password:' -TimeoutSec 10 | Should -Be 'Password: '
        Send-PveConsoleText -VmId 102 'sëcret€' -Enter -Confirm:$false
        Wait-PveConsoleText -VmId 102 'root@db01:~#' -TimeoutSec 10 | Should -Not -BeNullOrEmpty
        Send-PveConsoleText -VmId 102 'echo grüße ✓ 日本' -Enter -Confirm:$false
        Wait-PveConsoleText -VmId 102 '^grüße ✓ 日本$' -Regex -TimeoutSec 10 | Should -Be 'grüße ✓ 日本'
        (Get-PveSession)[-1].Consoles.Count | Should -Be 1 -Because 'waits and typing share one console per guest'
        Get-TermRequest | Should -Be 1
    }

    It 'gives up within -TimeoutSec naming the text it saw, and refuses a bad pattern first' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $e = { Wait-PveConsoleText -VmId 102 'never shown' -TimeoutSec 2 -ErrorAction Stop } | Should -Throw -ErrorId 'PveConsoleTextTimeout,*' -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $e.Exception.Message | Should -BeLike "*did not show 'never shown' within 2 s. Last seen:*root@db01:~#*"
        { Wait-PveConsoleText -VmId 102 '([' -Regex } | Should -Throw -ErrorId 'PiKvmInvalidPattern,*'
    }

    It 'ends a wait at once on Ctrl+C (the pipeline stopped)' {
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$(Get-KvmPveModulePath)'; `$c = [pscredential]::new('root@pam', (ConvertTo-SecureString 'proxmox' -AsPlainText -Force)); `$null = Connect-Pve $($sim.Host) -Port $($sim.Port) -Credential `$c -CertificateThumbprint $($sim.Thumbprint); Wait-PveConsoleText -VmId 102 'never shown' -TimeoutSec 120")
        $open = (Invoke-RestMethod "$($sim.BaseUri)_simulator/pve/consoles" -SkipCertificateCheck).text
        $run = $shell.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ((Invoke-RestMethod "$($sim.BaseUri)_simulator/pve/consoles" -SkipCertificateCheck).text -le $open -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $run.IsCompleted | Should -BeFalse -Because "the wait is under way on its console"
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
        $run.IsCompleted | Should -BeTrue
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose()
    }

    It 'opens a container''s console through an API token session' {
        $token = Connect-TestPve $sim -ApiToken
        Wait-PveConsoleText -VmId 200 'login:' -TimeoutSec 10 -Session $token | Should -Be 'dns01 login: '
        Disconnect-Pve -Session $token -Confirm:$false
        $null = Connect-TestPve $sim
    }

    It 'refuses a stopped guest, naming its state' {
        { Wait-PveConsoleText -VmId 101 'login:' -ErrorAction Stop } | Should -Throw -ErrorId 'PveGuestNotRunning,*' -ExpectedMessage '*VM 101 on pve1 is stopped*'
    }

    It 'Enter-PveConsole types standard input''s lines when there is no keyboard, and shows the output' {
        $module = Get-KvmPveModulePath
        $script = "Import-Module '$module'; `$c = [pscredential]::new('root@pam', (ConvertTo-SecureString 'proxmox' -AsPlainText -Force)); " +
            "`$null = Connect-Pve $($sim.Host) -Port $($sim.Port) -Credential `$c -CertificateThumbprint $($sim.Thumbprint); Enter-PveConsole -VmId 200"
        $process = [Environment]::ProcessPath
        $prefix = @(if ((Split-Path $process -LeafBase) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $out = 'root', 'pw', 'hostname' | & $process @prefix -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $out | Should -BeLike '*Console of dns01 (200 on pve2). Typing standard input''s lines.*'
        $out | Should -BeLike '*root@dns01:~#*'
        $out | Should -Match 'hostname\s+dns01'
        $out | Should -Not -BeLike '*pw*' -Because 'the console does not echo a password'
    }

    It 'sends nothing with -WhatIf: no screenshot taken, no console closed' {
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count
        Save-PveVmScreenshot -VmId 102 (Join-Path $TestDrive 'whatif.png') -WhatIf
        @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count | Should -Be $before
        Test-Path (Join-Path $TestDrive 'whatif.png') | Should -BeFalse
        $console = Open-PveConsole -VmId 102 -Text -Confirm:$false
        Close-PveConsole -WhatIf
        $console.IsOpen | Should -BeTrue
    }

    It 'Close-PveConsole closes the session''s text consoles' {
        $console = Open-PveConsole -VmId 102 -Text -Confirm:$false
        $console.IsOpen | Should -BeTrue
        Close-PveConsole -Confirm:$false
        $console.IsOpen | Should -BeFalse
        (Get-PveSession)[-1].Consoles.Count | Should -Be 0
    }
}

Describe 'Invoke-PveVmSequence (the step files of Invoke-PiKvmSequence, on a VM)' {
    It 'lists every step with -WhatIf and sends nothing' {
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -ne 'GET' }).Count
        Invoke-PveVmSequence -VmId 101 -Step @{ Power = 'On' }, @{ WaitText = 'login:' }, @{ Key = 'Ctrl+Alt+Delete' } -WhatIf
        @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -ne 'GET' }).Count | Should -Be $before
    }

    It 'starts the VM, waits for its console''s prompt and presses keys, writing each step' {
        $file = Join-Path $TestDrive 'vm.psd1'
        Set-Content $file "@{ Steps = @( @{ Power = 'On' }, @{ WaitText = 'login:'; TimeoutSec = 20 }, @{ Key = 'Ctrl+Alt+Delete', 'Enter' }, @{ Sleep = 0.1 } ) }"
        $results = @(Invoke-PveVmSequence $file -VmId 101 -Confirm:$false)
        $results.Count | Should -Be 4
        $results[0].Description | Should -Be 'Power On'
        (Get-PveVm -VmId 101).Status | Should -Be 'running'
        $results[1].Result | Should -Be 'web02 login: '
        Get-SentKey 101 | Should -Be @('ctrl-alt-delete', 'ret')
        Close-PveConsole -Confirm:$false
    }

    It 'refuses a PiKVM-only step or a key QEMU does not know before anything runs, naming the step' {
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -ne 'GET' }).Count
        { Invoke-PveVmSequence -VmId 101 -Step @{ Sleep = 1 }, @{ Mount = 'debian.iso' } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidStep,*' -ExpectedMessage '*Step 2*Mount is a PiKVM step*Type, Key, WaitText, Sleep, Power*'
        { Invoke-PveVmSequence -VmId 101 -Step @{ Key = 'Hyperr' } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidStep,*' -ExpectedMessage '*Step 1*Hyperr*'
        { Invoke-PveVmSequence -VmId 101 -Step @{ Type = 'grüße' } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidStep,*' -ExpectedMessage "*Step 1*'ü' cannot be typed*"
        @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -ne 'GET' }).Count | Should -Be $before
    }

    It 'stops at the first failing step, naming it and what did not run' {
        $errors = $null
        $results = @(Invoke-PveVmSequence -VmId 101 -Step @{ WaitText = 'never'; TimeoutSec = 1 }, @{ Key = 'Enter' } -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.Count | Should -Be 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PveVmStepFailed,*'
        $errors[0].Exception.Message | Should -BeLike "*web02 (101 on pve1): step 1 (Wait up to 1 s for 'never') failed after*steps 2 and on did not run*"
        Close-PveConsole -Confirm:$false
    }
}

Describe 'Open-PveConsole -Spice' {
    It 'writes remote-viewer''s file for a VM with a SPICE display, without showing its ticket' {
        Set-PveVmConfig -VmId 101 -Parameter @{ vga = 'qxl' } -Confirm:$false
        $null = Start-PveVm -VmId 101 -Wait -Confirm:$false
        $path = Join-Path $TestDrive 'web02.vv'
        $file = Open-PveConsole -VmId 101 -Spice -Path $path -Confirm:$false
        $file | Should -BeOfType ([KvmPve.PveSpiceFile])
        $file.Path | Should -Be $path
        $file.Proxy | Should -Be 'http://127.0.0.1:3128'
        $file.ValidUntil | Should -BeGreaterThan ([datetime]::UtcNow)
        $lines = Get-Content $path
        $lines[0] | Should -Be '[virt-viewer]'
        $lines | Should -Contain 'type=spice'
        $lines | Should -Contain 'delete-this-file=1'
        $secret = ($lines | Where-Object { $_ -like 'password=*' }).Substring(9)
        $secret.Length | Should -BeGreaterThan 10
        ($file | Format-List * | Out-String) | Should -Not -Match $secret
    }

    It 'sends nothing with -WhatIf' {
        $before = (Get-ConsoleRequest).Count
        Open-PveConsole -VmId 101 -Spice -WhatIf
        (Get-ConsoleRequest).Count | Should -Be $before
    }

    It 'says when a VM has no SPICE display, in PVE''s words' {
        $e = { Open-PveConsole -VmId 100 -Spice -Path (Join-Path $TestDrive 'x.vv') -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $e.Exception.Message | Should -BeLike '*no spice port*'
        Test-Path (Join-Path $TestDrive 'x.vv') | Should -BeFalse
    }

    It 'refuses -Launch without remote-viewer before any request' {
        $before = (Get-ConsoleRequest).Count
        $path = $env:PATH
        try {
            $env:PATH = $TestDrive
            { Open-PveConsole -VmId 101 -Spice -Launch -Confirm:$false } | Should -Throw -ErrorId 'PveRemoteViewerNotFound,*' -ExpectedMessage '*remote-viewer*virt-viewer*'
        }
        finally { $env:PATH = $path }
        (Get-ConsoleRequest).Count | Should -Be $before
    }
}
