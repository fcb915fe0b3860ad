# A one-time boot through the firmware's boot menu, on the simulator's scripted firmware: its start screen offers F12,
# the menu only highlights its selection (as real firmware does, invisible to OCR), Enter boots the entry.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Start-KvmPveSimulator -Firmware
    Import-KvmPveUnderTest
    $null = Connect-TestPiKvm $sim
    function Get-Action { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -like '/api/atx/*' }).Count + @((Get-KvmPveSimulatorHid $sim).keys).Count }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Invoke-PiKvmBootMenu' {
    It 'lists every step with -WhatIf and sends nothing' {
        $before = Get-Action
        Invoke-PiKvmBootMenu -WhatIf
        (Get-Action) | Should -Be $before
    }

    It 'resets the machine, opens the menu and boots the PiKVM''s drive with the mounted image' {
        $file = Join-Path $TestDrive 'installer.iso'
        [System.IO.File]::WriteAllBytes($file, [byte[]]::new(8192))
        $null = Add-PiKvmMsdImage -Path $file -Confirm:$false
        $null = Mount-PiKvmMsdImage installer.iso -Confirm:$false
        $verbose = $null
        $result = Invoke-PiKvmBootMenu -Confirm:$false -Verbose 4>&1 | Tee-Object -Variable verbose | Where-Object { $_ -is [KvmPve.PiKvmBootMenuResult] }
        $result.Entry | Should -Be 'UEFI: PiKVM Optical Drive 1.00'
        $result.Entries.Count | Should -Be 4
        $result.Screen | Should -BeLike '*Debian GNU/Linux installer*'
        $result.Steps[0] | Should -Be 'Reset the machine.'
        @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) | Should -Contain "$($sim.Server): Chose 'UEFI: PiKVM Optical Drive 1.00' with Enter."
        $keys = @((Get-KvmPveSimulatorHid $sim).keys | Where-Object { $_ -like '+*' })
        $keys[-1] | Should -Be '+Enter'
        @($keys | Where-Object { $_ -eq '+ArrowDown' }).Count | Should -Be 2
        ($result | Out-String) | Should -Match 'UEFI: PiKVM Optical Drive 1\.00\s+4'
    }

    It 'boots another entry by its name' {
        $result = Invoke-PiKvmBootMenu 'windows*' -Confirm:$false
        $result.Entry | Should -Be 'Windows Boot Manager (Samsung SSD 980 1TB)'
        $result.Screen | Should -BeLike '*Starting Windows*'
    }

    It 'names the entries when none is like -Select, leaving the menu open' {
        $e = { Invoke-PiKvmBootMenu '*Floppy*' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmBootEntryNotFound,*' -PassThru
        $e.Exception.Message | Should -BeLike "*no entry like '`*Floppy`*'. Its entries: Windows Boot Manager (Samsung SSD 980 1TB); UEFI: Intel(R) Ethernet Connection I219-V IPv4; UEFI: PiKVM Optical Drive 1.00; Enter Setup.*"
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-PiKvmScreenText | Should -BeLike 'Please select boot device:*'
    }

    It 'gives up within -TimeoutSec naming what the screen showed' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $e = { Invoke-PiKvmBootMenu -MenuKey F11 -TimeoutSec 2 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmBootMenuTimeout,*' -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
        $e.Exception.Message | Should -BeLike "*No boot menu showed within 2 s of pressing F11*Last seen: 'Aptio Setup Utility*"
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'refuses a bad key or title pattern before sending anything' {
        $before = Get-Action
        { Invoke-PiKvmBootMenu -MenuKey F99 -Confirm:$false } | Should -Throw -ErrorId 'PiKvmUnknownKey,*' -ExpectedMessage '*F99*'
        { Invoke-PiKvmBootMenu -MenuPattern 'boot(' -Confirm:$false } | Should -Throw -ErrorId 'PiKvmInvalidPattern,*' -ExpectedMessage '*-MenuPattern*boot(*'
        (Get-Action) | Should -Be $before
    }
}
