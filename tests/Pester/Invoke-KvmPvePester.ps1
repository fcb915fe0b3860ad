<#
.SYNOPSIS
    Runs the Pester tests in this folder (build.ps1 -Task Test starts it in a fresh pwsh), then the guard that every
    exported cmdlet ran in at least one of them. Prints "Pester: N passed, N failed, N skipped, N not run" and exits
    1 on any failure, skip or test that did not run.
#>
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [string] $Path = $PSScriptRoot
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force

# Every KvmPve command PowerShell resolves to run (Get-Command does not count), in this runspace.
$global:KvmPveCommandsRun = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
$ExecutionContext.InvokeCommand.PostCommandLookupAction = {
    param($name, $lookup)
    if ($lookup.Command.ModuleName -eq 'KvmPve') { $null = $global:KvmPveCommandsRun.Add($lookup.Command.Name) }
}

function Invoke-Run([string[]] $Files) {
    $config = New-PesterConfiguration
    $config.Run.Path = $Files
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    Invoke-Pester -Configuration $config
}

if (-not $env:KVMPVE_KVMD_SERVER) {
    Write-Host 'KVMPVE_KVMD_SERVER is not set: the PiKVM scenarios run against the simulator only.' -ForegroundColor Yellow
}
if (-not $env:KVMPVE_PVEMOCK_SERVER) {
    Write-Host 'KVMPVE_PVEMOCK_SERVER is not set: the PVE scenarios run against the simulator only.' -ForegroundColor Yellow
}

$guard = Join-Path $Path 'EveryCmdletRuns.Guard.ps1'
$tests = @(Get-ChildItem $Path -Filter '*.Tests.ps1' | Sort-Object Name | ForEach-Object FullName)
$results = @(Invoke-Run $tests)
$ExecutionContext.InvokeCommand.PostCommandLookupAction = $null
$results += Invoke-Run @($guard)

$passed = ($results | Measure-Object PassedCount -Sum).Sum
$failed = ($results | Measure-Object FailedCount -Sum).Sum + ($results | Measure-Object FailedBlocksCount -Sum).Sum + ($results | Measure-Object FailedContainersCount -Sum).Sum
$skipped = ($results | Measure-Object SkippedCount -Sum).Sum
$notRun = ($results | Measure-Object NotRunCount -Sum).Sum
Write-Host "Pester: $passed passed, $failed failed, $skipped skipped, $notRun not run"
if ($failed -gt 0 -or $skipped -gt 0 -or $notRun -gt 0 -or $passed -eq 0) { exit 1 }
exit 0
