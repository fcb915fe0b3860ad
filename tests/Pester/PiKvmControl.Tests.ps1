BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest -Connect
    function Get-ChangeRequest { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -like '/api/*' -and $_.path -notlike '/api/auth/*' }) }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PiKvmAtx' {
    It 'reads the ATX state' {
        $atx = Get-PiKvmAtx
        $atx | Should -BeOfType ([KvmPve.PiKvmAtxState])
        $atx.Enabled | Should -BeTrue
        $atx.PowerLed | Should -BeTrue
    }
}

Describe 'Invoke-PiKvmAtxPower' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-ChangeRequest).Count
        Invoke-PiKvmAtxPower OffHard -WhatIf
        (Get-ChangeRequest).Count | Should -Be $before
    }

    It 'powers off hard and waits' {
        $atx = Invoke-PiKvmAtxPower OffHard -Wait -Confirm:$false
        $atx.PowerLed | Should -BeFalse
        (Get-ChangeRequest)[-1].query | Should -Be '?action=off_hard&wait=1'
    }

    It 'refuses an unknown action' {
        $e = { Invoke-PiKvmAtxPower Explode -Confirm:$false } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,*' -PassThru
        $e.Exception.Message | Should -BeLike '*Explode*On, Off, OffHard, ResetHard*'
    }
}

Describe 'Invoke-PiKvmAtxButton' {
    It 'sends nothing with -WhatIf' {
        $before = (Get-ChangeRequest).Count
        Invoke-PiKvmAtxButton PowerLong -WhatIf
        (Get-ChangeRequest).Count | Should -Be $before
    }

    It 'presses the power button' {
        $atx = Invoke-PiKvmAtxButton Power -Wait -Confirm:$false
        $atx.PowerLed | Should -BeTrue
        (Get-ChangeRequest)[-1].query | Should -Be '?button=power&wait=1'
    }

    It 'reports a press while another is under way as ResourceBusy' {
        $null = Invoke-PiKvmAtxButton Reset -Confirm:$false
        $e = { Invoke-PiKvmAtxButton Reset -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmAtxIsBusy,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceBusy'
        Start-Sleep -Milliseconds 400
    }
}

Describe 'Get-PiKvmGpio' {
    It 'lists the channels with their direction' {
        $channels = @(Get-PiKvmGpio)
        $channels.Channel | Should -Be @('led1', 'relay1', 'relay2')
        $channels[0].Direction | Should -Be 'Input'
    }

    It 'filters with wildcards and reports an unknown channel' {
        @(Get-PiKvmGpio relay*).Count | Should -Be 2
        $null = Get-PiKvmGpio relay9 -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PiKvmGpioChannelNotFound*'
        "$($missing[0])" | Should -BeLike '*led1, relay1, relay2*'
    }
}

Describe 'Set-PiKvmGpio' {
    It 'switches an output and writes its new state' {
        (Set-PiKvmGpio relay1 $true -Wait -Confirm:$false).State | Should -BeTrue
        (Set-PiKvmGpio relay1 $false -Wait -Confirm:$false).State | Should -BeFalse
    }

    It 'sends no switch with -WhatIf' {
        $before = (Get-ChangeRequest).Count
        Set-PiKvmGpio relay1 $true -WhatIf
        (Get-ChangeRequest).Count | Should -Be $before
    }

    It 'refuses an unknown channel, listing the outputs, before switching anything' {
        $before = (Get-ChangeRequest).Count
        $e = { Set-PiKvmGpio relay9 $true -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmGpioChannelNotFound,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.Exception.Message | Should -BeLike '*relay1, relay2*'
        (Get-ChangeRequest).Count | Should -Be $before
    }
}

Describe 'Invoke-PiKvmGpioPulse' {
    It 'pulses an output' {
        $null = Invoke-PiKvmGpioPulse relay2 -Delay 0.1 -Wait -Confirm:$false
        (Get-ChangeRequest)[-1].path | Should -Be '/api/gpio/pulse'
    }

    It 'sends no pulse with -WhatIf' {
        $before = (Get-ChangeRequest).Count
        Invoke-PiKvmGpioPulse relay2 -WhatIf
        (Get-ChangeRequest).Count | Should -Be $before
    }
}
