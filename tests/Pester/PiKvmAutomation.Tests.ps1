# Driving the machine behind a PiKVM by what is on its screen, against the simulator's scripted installer: the
# unattended-install example end to end, Wait-PiKvmScreenText, and Send-PiKvmMouse.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $sim = Start-KvmPveSimulator -Installer
    $credential = New-TestCredential
    $iso = Join-Path $TestDrive 'debian-12.iso'
    [IO.File]::WriteAllBytes($iso, [byte[]]::new(1MB))
    function Get-Hid { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '/api/hid/events/*' }) }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'The unattended-install example' {
    It 'runs to its end against the scripted installer in under a minute' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = & (Join-Path $PSScriptRoot '../../examples/Install-DebianUnattended.ps1') -Server $sim.Server -Credential $credential -Thumbprint $sim.Thumbprint -Iso $iso -PreseedUrl 'http://10.0.0.5/preseed.cfg' -InstallTimeoutSec 60
        $watch.Stop()
        $result.Installed | Should -BeTrue
        $result.Screen | Should -BeLike '*Installation complete*'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 60
        Get-PiKvmSession | Should -BeNullOrEmpty -Because 'the example disconnects'
    }
}

Describe 'Wait-PiKvmScreenText' {
    BeforeAll { $null = Connect-PiKvm $sim.Server -Credential $credential -CertificateThumbprint $sim.Thumbprint }

    # The example dismounted its image: the machine now shows that it has nothing to boot.
    It 'returns the matched line, with -PassThru the whole screen, wildcards and regexes case-insensitive' {
        (Wait-PiKvmScreenText 'no BOOTABLE device' -TimeoutSec 10) | Should -Be 'No bootable device.'
        $match = Wait-PiKvmScreenText 'insert (\w+) disk' -Regex -PassThru -TimeoutSec 10
        $match | Should -BeOfType ([KvmPve.PiKvmScreenMatch])
        $match.Match | Should -Be 'Insert boot disk'
        $match.Text | Should -BeLike "No bootable device.*press any key.*"
    }

    It 'times out with the last text seen' {
        $e = { Wait-PiKvmScreenText 'login:' -TimeoutSec 2 -IntervalSec 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmScreenTextTimeout,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$e" | Should -BeLike "*Last seen: 'No bootable device.*"
    }

    It 'waits through a screen without signal and says so' {
        $null = Invoke-PiKvmAtxPower Off -Wait -Confirm:$false
        $e = { Wait-PiKvmScreenText 'boot:' -TimeoutSec 2 -IntervalSec 0.5 -Verbose -ErrorAction Stop 4>&1 | Out-Null } | Should -Throw -ErrorId 'PiKvmScreenTextTimeout,*' -PassThru
        "$e" | Should -BeLike '*no video signal*'
        $verbose = Wait-PiKvmScreenText 'No bootable device' -TimeoutSec 1 -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -BeLike '*No video signal*'
    }

    It 'refuses a bad regex and a bad region before any request' {
        $before = @(Get-KvmPveSimulatorRequest $sim).Count
        { Wait-PiKvmScreenText '(' -Regex } | Should -Throw -ErrorId 'PiKvmInvalidPattern,*'
        { Wait-PiKvmScreenText 'x' -Region 1, 2, 3 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Wait-PiKvmScreenText 'x' -Region 100, 0, 50, 10 } | Should -Throw -ErrorId 'PiKvmInvalidRegion,*'
        @(Get-KvmPveSimulatorRequest $sim).Count | Should -Be $before
    }
}

Describe 'Send-PiKvmMouse' {
    BeforeAll { $null = Connect-PiKvm $sim.Server -Credential $credential -CertificateThumbprint $sim.Thumbprint }

    It 'sends nothing with -WhatIf, and refuses a point off the screen before any mouse event' {
        $before = (Get-Hid).Count
        Send-PiKvmMouse -MoveTo 10, 10 -Click Left -WhatIf
        { Send-PiKvmMouse -MoveTo -1, 10 -Confirm:$false } | Should -Throw -ErrorId 'PiKvmMouseOutOfScreen,*'
        $e = { Send-PiKvmMouse -MoveTo 1920, 10 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMouseOutOfScreen,*' -PassThru
        "$e" | Should -BeLike '*1920x1080*'
        { Send-PiKvmMouse -Confirm:$false } | Should -Throw -ErrorId 'PiKvmMouseNothing,*'
        (Get-Hid).Count | Should -Be $before
    }

    It 'maps pixels to kvmd''s absolute range and sends each event once, over the WebSocket' {
        $before = @((Get-KvmPveSimulatorHid $sim).mouse).Count
        $http = (Get-Hid).Count
        Send-PiKvmMouse -MoveTo 0, 0 -Confirm:$false
        Send-PiKvmMouse -MoveTo 1919, 1079 -DoubleClick -Confirm:$false
        Send-PiKvmMouse -Click Right -Wheel -300 -Confirm:$false
        $events = @((Get-KvmPveSimulatorHid $sim).mouse) | Select-Object -Skip $before
        $events | Should -Be @('move -32768 -32768', 'move 32767 32767', '+left', '-left', '+left', '-left', '+right', '-right', 'wheel 0 -127', 'wheel 0 -127', 'wheel 0 -46')
        (Get-Hid).Count | Should -Be $http -Because 'kvmd''s WebSocket carries the events, not one HTTPS request each'
    }

    It 'refuses a relative move on an absolute mouse' {
        { Send-PiKvmMouse -Relative 10, 10 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMouseAbsolute,*'
    }
}

Describe 'Send-PiKvmKey over the WebSocket' {
    BeforeAll { $null = Connect-PiKvm $sim.Server -Credential $credential -CertificateThumbprint $sim.Thumbprint }

    It 'presses a chord in order and releases it in reverse, one message each, no HTTP request' {
        $before = @((Get-KvmPveSimulatorHid $sim).keys).Count
        $http = (Get-Hid).Count
        Send-PiKvmKey Ctrl+Alt+Delete, Enter -Confirm:$false
        @((Get-KvmPveSimulatorHid $sim).keys) | Select-Object -Skip $before | Should -Be @('+ControlLeft', '+AltLeft', '+Delete', '-Delete', '-AltLeft', '-ControlLeft', '+Enter', '-Enter')
        (Get-Hid).Count | Should -Be $http
    }
}

Describe 'Invoke-PiKvmSequence' {
    BeforeAll {
        $null = Connect-PiKvm $sim.Server -Credential $credential -CertificateThumbprint $sim.Thumbprint
        $sequence = Join-Path $PSScriptRoot '../../examples/Install-Debian.sequence.psd1'
        # The example's steps, with timeouts that suit the simulator's short install.
        $fast = (Import-PowerShellDataFile $sequence).Steps | ForEach-Object { $step = $_.Clone(); if ($step.WaitText) { $step.TimeoutSec = 30; $step.IntervalSec = 0.5 }; $step }
        $null = Invoke-PiKvmAtxPower Off -Wait -Confirm:$false
        $null = Dismount-PiKvmMsdImage -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'lists the steps with -WhatIf and sends nothing' {
        function Get-Change { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -notlike '/api/auth/*' }) }
        $before = (Get-Change).Count
        # What-if lines go to the host: a fresh pwsh's output shows them.
        $module = Join-Path (Get-Module KvmPve).ModuleBase 'KvmPve.psd1'
        $out = Invoke-FreshPwsh -Command ("Import-Module '$module'; `$c = [pscredential]::new('admin', (ConvertTo-SecureString admin -AsPlainText -Force)); " +
            "`$null = Connect-PiKvm $($sim.Server) -Credential `$c -CertificateThumbprint $($sim.Thumbprint); Invoke-PiKvmSequence '$sequence' -WhatIf") 2>&1 | Out-String
        $out | Should -BeLike '*Step 1: Mount debian-12.iso*'
        $out | Should -BeLike '*Step 4: Type 54 characters*'
        $out | Should -Not -BeLike '*preseed*' -Because 'typed text is counted, never shown'
        Invoke-PiKvmSequence -Step @{ Power = 'On' }, @{ Key = 'Enter' } -WhatIf | Should -BeNullOrEmpty
        (Get-Change).Count | Should -Be $before
    }

    It 'refuses a bad step before the first runs, naming its number' {
        $before = @(Get-KvmPveSimulatorRequest $sim | Where-Object method -eq 'POST').Count
        $e = { Invoke-PiKvmSequence -Step @{ Power = 'On' }, @{ Key = 'Entr' } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidStep,*' -PassThru
        "$e" | Should -BeLike 'Step 2:*Entr*'
        { Invoke-PiKvmSequence -Step @{ Power = 'On'; Key = 'Enter' } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidStep,*'
        { Invoke-PiKvmSequence -Step @{ Sleep = 1; Colour = 'red' } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidStep,*'
        { Invoke-PiKvmSequence -Step @{ Mouse = @{ MoveTo = 1, 2, 3 } } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidStep,*'
        @(Get-KvmPveSimulatorRequest $sim | Where-Object method -eq 'POST').Count | Should -Be $before
    }

    It 'runs the example runbook to its end, writing each step''s result' {
        $results = @(Invoke-PiKvmSequence -Step $fast -Confirm:$false)
        $results.Count | Should -Be 6
        $results[0] | Should -BeOfType ([KvmPve.PiKvmStepResult])
        $results.Number | Should -Be @(1, 2, 3, 4, 5, 6)
        $results[2].Result | Should -BeLike '*boot:*'
        $results[5].Result | Should -Be 'Installation complete'
    }

    It 'stops at the first failure, naming the step, and runs nothing after it' {
        $keys = @((Get-KvmPveSimulatorHid $sim).keys).Count
        $e = { Invoke-PiKvmSequence -Step @{ WaitText = 'never shown'; TimeoutSec = 1; IntervalSec = 0.5 }, @{ Key = 'Enter' } -Confirm:$false } | Should -Throw -ErrorId 'PiKvmStepFailed,*' -PassThru
        "$e" | Should -BeLike "Step 1 (Wait up to 1 s for 'never shown') failed*steps 2 and on did not run*"
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        @((Get-KvmPveSimulatorHid $sim).keys).Count | Should -Be $keys
    }
}
