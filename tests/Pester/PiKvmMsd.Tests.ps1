BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Initialize-KvmPveTest -Connect
    function Get-MsdRequest { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.method -eq 'POST' -and $_.path -like '/api/msd/*' }) }
    function New-TestImage([string] $Name, [long] $Size) {
        $path = Join-Path $TestDrive $Name
        $stream = [System.IO.File]::Create($path)
        try { $stream.SetLength($Size) } finally { $stream.Dispose() }
        $path
    }
}

AfterAll {
    Complete-KvmPveTest $sim
}

Describe 'Get-PiKvmMsd and Get-PiKvmMsdImage' {
    It 'reads the drive and the images' {
        (Get-PiKvmMsd).Online | Should -BeTrue
        (Get-PiKvmMsdImage).Name | Should -Contain 'remote.iso'
        (Get-PiKvmMsdImage t2*).Name | Should -Be 't2.iso'
    }

    It 'reports an unknown image' {
        $null = Get-PiKvmMsdImage nope.iso -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PiKvmMsdImageNotFound*'
    }
}

Describe 'Add-PiKvmMsdImage' {
    It 'uploads a file given by a relative path and writes the image' {
        $null = New-TestImage 'disk.iso' 3MB
        Push-Location $TestDrive
        try { $image = Add-PiKvmMsdImage disk.iso -Confirm:$false } finally { Pop-Location }
        $image | Should -BeOfType ([KvmPve.PiKvmMsdImage])
        $image.Size | Should -Be 3MB
        (Get-MsdRequest)[-1].contentLength | Should -Be 3MB
    }

    It 'takes files from Get-ChildItem through -LiteralPath' {
        $null = New-TestImage 'piped[1].iso' 1KB
        $image = Get-ChildItem -LiteralPath (Join-Path $TestDrive 'piped[1].iso') | Add-PiKvmMsdImage -Confirm:$false
        $image.Name | Should -Be 'piped[1].iso'
    }

    It 'refuses a duplicate without -Force and replaces it with -Force' {
        $path = New-TestImage 't2.iso' 2KB
        $e = { Add-PiKvmMsdImage -LiteralPath $path -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdImageExists,*' -PassThru
        $e.Exception.Message | Should -BeLike '*-Force*'
        (Add-PiKvmMsdImage -LiteralPath $path -Force -Confirm:$false).Size | Should -Be 2KB
    }

    It 'uploads nothing with -WhatIf' {
        $path = New-TestImage 'whatif.iso' 1KB
        $before = (Get-MsdRequest).Count
        Add-PiKvmMsdImage -LiteralPath $path -WhatIf
        (Get-MsdRequest).Count | Should -Be $before
    }

    It 'has the PiKVM download a URL, and reports a failure in the middle' {
        (Add-PiKvmMsdImage -Url 'https://mirror.example.net/netinst.iso' -Confirm:$false).Name | Should -Be 'netinst.iso'
        { Add-PiKvmMsdImage -Url 'https://mirror.example.net/fail.iso' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdDownloadFailed,*'
    }
}

Describe 'Mount-PiKvmMsdImage and Dismount-PiKvmMsdImage' {
    It 'connects an image, switching from another one' {
        $null = Mount-PiKvmMsdImage remote.iso -Confirm:$false
        $state = Mount-PiKvmMsdImage t2.iso -Media Flash -Confirm:$false
        $state.Connected | Should -BeTrue
        $state.Image | Should -Be 't2.iso'
        $state.Media | Should -Be 'Flash'
    }

    It 'disconnects the drive' {
        (Dismount-PiKvmMsdImage -Confirm:$false).Connected | Should -BeFalse
    }

    It 'refuses an unknown image, listing the images' {
        $e = { Mount-PiKvmMsdImage nope.iso -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdImageNotFound,*' -PassThru
        $e.Exception.Message | Should -BeLike '*remote.iso*'
    }
}

Describe 'Remove-PiKvmMsdImage' {
    It 'deletes nothing with -WhatIf and deletes with -Confirm:$false' {
        Remove-PiKvmMsdImage remote.iso -WhatIf
        (Get-PiKvmMsdImage).Name | Should -Contain 'remote.iso'
        Get-PiKvmMsdImage remote.iso | Remove-PiKvmMsdImage -Confirm:$false
        (Get-PiKvmMsdImage).Name | Should -Not -Contain 'remote.iso'
    }
}
