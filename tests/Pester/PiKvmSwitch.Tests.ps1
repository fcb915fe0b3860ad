# The PiKVM Switch on the simulator's two units (kvmd's switch API modelled from its source: the real kvmd here has
# no Switch hardware; PiKvmScenarios checks the real kvmd's "no Switch" answers).
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Start-KvmPveSimulator -SwitchUnits 2
    Import-KvmPveUnderTest
    $null = Connect-TestPiKvm $sim
    function Get-SwitchChange { ,@(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -like '/api/switch*' } | ForEach-Object { "$($_.path)$($_.query)" }) }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PiKvmSwitch' {
    It 'shows the units, the active port and every port' {
        $switch = Get-PiKvmSwitch
        $switch | Should -BeOfType ([KvmPve.PiKvmSwitch])
        $switch.Units | Should -Be 2
        $switch.ActivePort | Should -Be '1.1'
        $switch.Ports.Id | Should -Be @('1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4')
        $switch.Ports[0].Active | Should -BeTrue
        $switch.Ports | ForEach-Object { $_.PowerLed | Should -BeTrue }
    }

    It 'formats ports as a table with their LEDs' {
        $text = (Get-PiKvmSwitch).Ports | Out-String
        $text | Should -Match 'Id\s+Name\s+Active\s+Power\s+Hdd\s+Busy'
        $text | Should -Match '2\.4'
    }
}

Describe 'Set-PiKvmSwitchPort' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-SwitchChange).Count
        Set-PiKvmSwitchPort 2.2 -Active -Name build -WhatIf
        (Get-SwitchChange).Count | Should -Be $before
    }

    It 'names a port and makes it active, sending kvmd''s port index' {
        $port = Set-PiKvmSwitchPort 2.2 -Name ' build  server ' -Dummy $false -Active -PassThru -Confirm:$false
        $port | Should -BeOfType ([KvmPve.PiKvmSwitchPort])
        $port.Name | Should -Be 'build server'
        $port.Active | Should -BeTrue
        $port.Dummy | Should -BeFalse
        (Get-SwitchChange)[-2] | Should -Be '/api/switch/set_port_params?port=5&name=%20build%20%20server%20&dummy=0'
        (Get-SwitchChange)[-1] | Should -Be '/api/switch/set_active?port=5'
        (Get-PiKvmSwitch).ActivePort | Should -Be '2.2'
    }

    It 'finds a port by its name and binds ports from the pipeline' {
        (Get-PiKvmSwitch).Ports | Where-Object Name -eq 'build server' | Set-PiKvmSwitchPort -Dummy $true -Confirm:$false
        (Get-SwitchChange)[-1] | Should -Be '/api/switch/set_port_params?port=5&dummy=1'
        Set-PiKvmSwitchPort 'BUILD SERVER' -Active -Confirm:$false
        (Get-SwitchChange)[-1] | Should -Be '/api/switch/set_active?port=5'
    }

    It 'refuses a port the Switch does not have, naming those it has, before sending anything' {
        $before = (Get-SwitchChange).Count
        $e = { Set-PiKvmSwitchPort 3.1 -Active -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmSwitchPortNotFound,*' -PassThru
        $e.Exception.Message | Should -BeLike "*no port '3.1'. Its ports: 1.1, 1.2, 1.3, 1.4, 2.1, 2.2 (build server), 2.3, 2.4.*"
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e = { Set-PiKvmSwitchPort 1 -EdidId nope -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmSwitchEdidNotFound,*' -PassThru
        $e.Exception.Message | Should -BeLike "*no EDID 'nope'. Its EDIDs: default (Default)*"
        { Set-PiKvmSwitchPort 1 -Confirm:$false } | Should -Throw -ErrorId 'PiKvmSwitchNothing,*'
        (Get-SwitchChange).Count | Should -Be $before
    }

    It 'gives a port an EDID the Switch has' {
        $data = 'AB' * 128
        $id = (Invoke-PiKvmApi Post /api/switch/edids/create -Query @{ name = 'custom'; data = $data } -Confirm:$false).id
        $id | Should -Match '^[0-9a-f-]{36}$'

        Set-PiKvmSwitchPort 1.3 -EdidId $id -Confirm:$false
        (Get-PiKvmSwitch).Ports[2].EdidId | Should -Be $id
    }
}

Describe 'ATX on a Switch port' {
    It 'reads the port''s LEDs as an ATX state' {
        $atx = Get-PiKvmAtx -Port 2.3
        $atx | Should -BeOfType ([KvmPve.PiKvmAtxState])
        $atx.Port | Should -Be '2.3'
        $atx.PowerLed | Should -BeTrue
    }

    It 'sends nothing with -WhatIf' {
        $before = (Get-SwitchChange).Count
        Invoke-PiKvmAtxPower OffHard -Port 2.3 -WhatIf
        (Get-SwitchChange).Count | Should -Be $before
    }

    It 'powers the port''s machine off and waits for the press' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $atx = Invoke-PiKvmAtxPower Off -Port 2.3 -Wait -Confirm:$false
        $atx.Port | Should -Be '2.3'
        $atx.PowerLed | Should -BeFalse
        $atx.Busy | Should -BeFalse
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.5 -Because 'the press (0.15 s here) is over once the LED changes'
        (Get-SwitchChange)[-1] | Should -Be '/api/switch/atx/power?port=6&action=off'
        (Get-PiKvmAtx).PowerLed | Should -BeTrue -Because 'the PiKVM''s own ATX is another machine'
    }

    It 'presses a port''s button' {
        $atx = Invoke-PiKvmAtxButton Power -Port 2.3 -Wait -Confirm:$false
        $atx.PowerLed | Should -BeTrue
        (Get-SwitchChange)[-1] | Should -Be '/api/switch/atx/click?port=6&button=power'
    }

    It 'refuses a port the Switch does not have before pressing anything' {
        $before = (Get-SwitchChange).Count
        { Invoke-PiKvmAtxPower ResetHard -Port 9 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmSwitchPortNotFound,*'
        (Get-SwitchChange).Count | Should -Be $before
    }
}
