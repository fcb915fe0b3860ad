BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $modulePath = Get-KvmPveModulePath
}

Describe 'The KvmPve module' {
    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest $modulePath
        $manifest.Name | Should -Be 'KvmPve'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
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
        'KvmPve.PiKvmSession', 'KvmPve.PiKvmInfo', 'KvmPve.PiKvmLogEntry', 'KvmPve.PveSession', 'KvmPve.PveVersion', 'KvmPve.PveNode', 'KvmPve.PveVm', 'KvmPve.PveTask', 'KvmPve.PiKvmAtxState', 'KvmPve.PiKvmGpioChannel', 'KvmPve.PiKvmHidState', 'KvmPve.PiKvmKeymap', 'KvmPve.PiKvmMsdState', 'KvmPve.PiKvmMsdImage' | ForEach-Object {
            Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
        }
    }

    It 'has an about topic' {
        Get-Help about_KvmPve | Out-String | Should -BeLike '*SHORT DESCRIPTION*'
    }
}
