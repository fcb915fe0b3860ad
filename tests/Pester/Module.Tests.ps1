BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $modulePath = Get-KvmPveModulePath
}

Describe 'The KvmPve module' {
    It 'has a valid manifest, without warnings, with what a repository shows' {
        $manifest = Test-ModuleManifest $modulePath -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        $manifest.Name | Should -Be 'KvmPve'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.CompanyName | Should -Not -BeNullOrEmpty
        $manifest.Description.Length | Should -BeGreaterThan 200
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Not -BeNullOrEmpty
        foreach ($tag in 'PiKVM', 'Proxmox', 'PVE', 'KVM', 'IPMI', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS') {
            $manifest.Tags | Should -Contain $tag
        }
    }

    It 'lists every cmdlet in about_KvmPve' {
        $about = Get-Help about_KvmPve | Out-String
        foreach ($name in (Import-PowerShellDataFile $modulePath).CmdletsToExport) {
            $about | Should -Match "\b$([regex]::Escape($name))\b"
        }
    }

    It 'exports exactly the cmdlets of its manifest' {
        $exported = (Get-Command -Module KvmPve).Name | Sort-Object
        $declared = (Import-PowerShellDataFile $modulePath).CmdletsToExport | Sort-Object
        $exported | Should -Be $declared
    }

    Context '<_>' -ForEach (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../KvmPve.psd1')).CmdletsToExport {
        It 'has help with a synopsis and an example' {
            $help = Get-Help $_ -Full
            $help.Synopsis | Should -Not -BeLike "*$_ *[<]*"
            $help.Synopsis.Trim() | Should -Not -BeNullOrEmpty
            @($help.Examples.Example).Count | Should -BeGreaterThan 0
        }

        It 'shows a runnable example with Get-Help -Examples' {
            $name = $_
            $runnable = @((Get-Help $name -Examples).Examples.Example | Where-Object {
                # The code as a user would paste it: the lines after a prompt (the others are the output shown), parsed
                # by PowerShell's own parser.
                $lines = @($_.code -split "`n")
                $prompted = @($lines | Where-Object { $_ -match '^PS [^>]*>' })
                $code = (@(if ($prompted) { $prompted } else { $lines }) | ForEach-Object { $_ -replace '^PS [^>]*>\s?', '' }) -join "`n"
                $errors = $null
                $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$errors)
                $errors.Count -eq 0 -and @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] -and $args[0].GetCommandName() -eq $name }, $true)).Count -gt 0
            })
            $runnable | Should -Not -BeNullOrEmpty -Because "an example of $name should parse and call $name"
        }

        It 'documents every parameter' {
            $command = Get-Command $_
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            $documented = @((Get-Help $_ -Full).parameters.parameter.name)
            foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $documented | Should -Contain $name
            }
        }
    }

    It 'has format views for its types' {
        'KvmPve.PiKvmSession', 'KvmPve.PiKvmInfo', 'KvmPve.PiKvmLogEntry', 'KvmPve.PveSession', 'KvmPve.PveVersion', 'KvmPve.PveNode', 'KvmPve.PveVm', 'KvmPve.PveTask', 'KvmPve.PiKvmAtxState', 'KvmPve.PiKvmGpioChannel', 'KvmPve.PiKvmHidState', 'KvmPve.PiKvmKeymap', 'KvmPve.PiKvmMsdState', 'KvmPve.PiKvmMsdImage', 'KvmPve.PveSnapshot', 'KvmPve.PveClusterStatus', 'KvmPve.PveVmConfig', 'KvmPve.PveVmDisk', 'KvmPve.PveVmNet', 'KvmPve.PveStorage', 'KvmPve.PveStorageItem', 'KvmPve.PveGuestCommandResult', 'KvmPve.PiKvmEvent', 'KvmPve.PiKvmScreenMatch', 'KvmPve.PiKvmStepResult' | ForEach-Object {
            Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
        }
    }

    It 'has an about topic' {
        Get-Help about_KvmPve | Out-String | Should -BeLike '*SHORT DESCRIPTION*'
    }
}
