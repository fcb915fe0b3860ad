BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest -Connect
    function Get-HidRequest { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -like '/api/hid/*' }) }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PiKvmHid and Reset-PiKvmHid' {
    It 'reads the keyboard and mouse state' {
        $hid = Get-PiKvmHid
        $hid | Should -BeOfType ([KvmPve.PiKvmHidState])
        $hid.KeyboardOnline | Should -BeTrue
    }

    It 'resets, and sends nothing with -WhatIf' {
        $before = (Get-HidRequest).Count
        Reset-PiKvmHid -WhatIf
        (Get-HidRequest).Count | Should -Be $before
        $null = Reset-PiKvmHid -Confirm:$false
        (Get-HidRequest)[-1].path | Should -Be '/api/hid/reset'
    }
}

Describe 'Get-PiKvmKeymap' {
    It 'lists the layouts with the default marked' {
        (Get-PiKvmKeymap | Where-Object IsDefault).Name | Should -Be 'en-us'
    }
}

Describe 'Send-PiKvmText' {
    It 'types a long text in pieces, each told not to cut' {
        $before = (Get-HidRequest).Count
        Send-PiKvmText ('x' * 2500) -Confirm:$false
        $prints = @(Get-HidRequest | Select-Object -Skip $before | Where-Object path -eq '/api/hid/print')
        $prints.Count | Should -Be 3
        $prints | ForEach-Object { $_.query | Should -BeLike '*limit=0*' }
    }

    It 'takes text from the pipeline' {
        $before = (Get-HidRequest).Count
        'one', 'two' | Send-PiKvmText -Confirm:$false
        (Get-HidRequest).Count | Should -Be ($before + 2)
    }

    It 'never shows the text in -WhatIf' {
        $output = Send-PiKvmText 'S3cretBios!' -WhatIf 6>&1 | Out-String
        $output | Should -Not -BeLike '*S3cretBios!*'
    }

    It 'refuses an unknown keymap, listing the keymaps' {
        $e = { Send-PiKvmText 'x' -Keymap 'xx-yy' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmUnknownKeymap,*' -PassThru
        $e.Exception.Message | Should -BeLike '*en-us*'
    }
}

Describe 'Send-PiKvmKey' {
    It 'presses a chord in order and releases it in reverse, over kvmd''s WebSocket' {
        $before = (Get-HidRequest).Count
        $received = @((Get-KvmPveSimulatorHid $sim).keys).Count
        Send-PiKvmKey 'Ctrl+Alt+Delete' -Confirm:$false
        @((Get-KvmPveSimulatorHid $sim).keys) | Select-Object -Skip $received | Should -Be @('+ControlLeft', '+AltLeft', '+Delete', '-Delete', '-AltLeft', '-ControlLeft')
        (Get-HidRequest).Count | Should -Be $before -Because 'each event is one WebSocket message, not an HTTPS request'
    }

    It 'refuses an unknown key with near matches before pressing anything' {
        $before = (Get-HidRequest).Count
        $e = { Send-PiKvmKey Enter, 'Ctrl+Delte' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmUnknownKey,*' -PassThru
        $e.Exception.Message | Should -BeLike '*Delete*'
        (Get-HidRequest).Count | Should -Be $before
    }

    It 'sends nothing with -WhatIf' {
        $before = (Get-HidRequest).Count
        Send-PiKvmKey F2 -WhatIf
        (Get-HidRequest).Count | Should -Be $before
    }

    It 'completes key codes, also after a +' {
        $completion = TabExpansion2 -inputScript 'Send-PiKvmKey Ctrl+Dele' -cursorColumn 23
        $completion.CompletionMatches.CompletionText | Should -Contain 'Ctrl+Delete'
    }
}
