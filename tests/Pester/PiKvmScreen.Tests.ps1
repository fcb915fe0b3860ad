BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest -Connect
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Save-PiKvmScreenshot' {
    It 'saves a JPEG and writes the file' {
        $file = Save-PiKvmScreenshot (Join-Path $TestDrive 'screen.jpg')
        $file | Should -BeOfType ([System.IO.FileInfo])
        $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
        $bytes[0] | Should -Be 0xFF
        $bytes[1] | Should -Be 0xD8
    }

    It 'resolves a relative path against the current location' {
        Push-Location $TestDrive
        try {
            (Save-PiKvmScreenshot 'relative.jpg').FullName | Should -Be (Join-Path $TestDrive 'relative.jpg')
        }
        finally {
            Pop-Location
        }
    }

    It 'asks for a preview with size and quality' {
        $null = Save-PiKvmScreenshot (Join-Path $TestDrive 'small.jpg') -MaxWidth 320 -Quality 50
        (Get-KvmPveSimulatorRequest $sim)[-1].query | Should -Be '?preview=1&preview_max_width=320&preview_quality=50'
    }

    It 'writes nothing with -WhatIf' {
        Save-PiKvmScreenshot (Join-Path $TestDrive 'whatif.jpg') -WhatIf
        Join-Path $TestDrive 'whatif.jpg' | Should -Not -Exist
    }
}

Describe 'Get-PiKvmScreenText' {
    It 'reads the screen''s text' {
        Send-PiKvmText 'login: ' -Confirm:$false
        Get-PiKvmScreenText | Should -BeLike '*login: *'
    }

    It 'sends the area and languages' {
        $null = Get-PiKvmScreenText -Language eng -Top 0 -Bottom 100
        (Get-KvmPveSimulatorRequest $sim)[-1].query | Should -Be '?ocr=1&ocr_langs=eng&ocr_top=0&ocr_bottom=100'
    }
}
