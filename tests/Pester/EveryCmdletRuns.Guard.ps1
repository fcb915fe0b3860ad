# Run by Invoke-KvmPvePester.ps1 after every *.Tests.ps1: a cmdlet that no Pester test ran is a cmdlet nobody has
# seen work in real PowerShell (the first release crashed on its first Connect-PiKvm with 364 xunit tests green).
BeforeDiscovery {
    $exported = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../KvmPve.psd1')).CmdletsToExport
}

Describe 'Every exported cmdlet' {
    It 'was run by at least one Pester test: <_>' -ForEach $exported {
        $global:KvmPveCommandsRun | Should -Contain $_ -Because 'each exported cmdlet needs a Pester test that runs it'
    }

    It 'was checked against a list of cmdlets that is not empty' {
        $global:KvmPveCommandsRun.Count | Should -BeGreaterThan 0
    }
}
