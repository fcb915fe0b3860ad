# The scripts in examples/ parse, and every command they call exists (a KvmPve cmdlet, or one of PowerShell's own).
BeforeDiscovery {
    $scripts = Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Filter '*.ps1' | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-KvmPveUnderTest
}

Describe 'examples/<Name>' -ForEach $scripts {
    It 'parses, has help, and calls only commands that exist' {
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$errors)
        $errors | Should -BeNullOrEmpty
        $ast.GetHelpContent().Synopsis | Should -Not -BeNullOrEmpty
        $commands = $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ } | Sort-Object -Unique
        $commands | Should -Not -BeNullOrEmpty
        foreach ($command in $commands) {
            Get-Command $command -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "$Name calls $command"
        }
    }
}
