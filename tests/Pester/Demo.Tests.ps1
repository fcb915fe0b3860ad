# The tour build.ps1 -Task Demo takes (tools/Demo.ps1), in a pwsh of its own as build.ps1 runs it: to its end with
# exit code 0, and with a non-zero exit code at the first step that fails.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Start-KvmPveSimulator
    $demo = Join-Path $PSScriptRoot '../../tools/Demo.ps1'
    function Invoke-Demo([string] $Thumbprint) {
        $output = Invoke-FreshPwsh -File $demo -Module (Get-KvmPveModulePath) -Server $sim.Server -Thumbprint $Thumbprint 2>&1 | Out-String
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
    }
}

AfterAll {
    Stop-KvmPveSimulator $sim
}

Describe 'The demo' {
    It 'takes its whole tour and exits with 0' {
        $run = Invoke-Demo $sim.Thumbprint
        $run.Output | Should -BeLike '*Start-PveVm -Wait*waited*'
        $run.Output | Should -BeLike '*refused (ResourceBusy)*'
        $run.Output | Should -BeLike '*local:iso/demo.iso*'
        $run.Output | Should -BeLike '*The tour is over.*'
        $run.ExitCode | Should -Be 0
    }

    It 'exits with a non-zero code at the first step that fails' {
        $run = Invoke-Demo ('0' * 64)
        $run.ExitCode | Should -Not -Be 0
        ($run.Output -replace '\s+', ' ') | Should -BeLike '*Connect-Pve*certificate*'
        $run.Output | Should -Not -BeLike '*The tour is over.*'
    }
}
