# Run by Invoke-KvmPvePester.ps1 after every *.Tests.ps1: a cmdlet that no Pester test ran is a cmdlet nobody has
# seen work in real PowerShell (the first release crashed on its first Connect-PiKvm with 364 xunit tests green).
BeforeDiscovery {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
    $exported = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../KvmPve.psd1')).CmdletsToExport
    $changing = @(Get-Command -Module KvmPve | Where-Object { $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object Name)
}

BeforeAll {
    # Every command call in the test files with its parameter names, read from the PowerShell syntax tree.
    $calls = foreach ($file in Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1') {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
        $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object {
            [pscustomobject]@{ Name = $_.GetCommandName(); Parameters = @($_.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName) }
        }
    }
}

Describe 'Every exported cmdlet' {
    It 'was run by at least one Pester test: <_>' -ForEach $exported {
        $global:KvmPveCommandsRun | Should -Contain $_ -Because 'each exported cmdlet needs a Pester test that runs it'
    }

    It 'that changes state is run with -WhatIf by a test (which checks that nothing was sent): <_>' -ForEach $changing {
        $name = $_
        @($calls | Where-Object { $_.Name -eq $name -and $_.Parameters -contains 'WhatIf' }) | Should -Not -BeNullOrEmpty -Because "$name supports -WhatIf"
    }

    It 'was checked against a list of cmdlets that is not empty' {
        $global:KvmPveCommandsRun.Count | Should -BeGreaterThan 0
        @(Get-Command -Module KvmPve | Where-Object { $_.Parameters.ContainsKey('WhatIf') }).Count | Should -BeGreaterThan 10
    }
}
