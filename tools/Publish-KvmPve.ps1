<#
.SYNOPSIS
    Packs the built module folder into <Destination>/KvmPve.<version>.nupkg with Publish-PSResource, through a folder
    repository registered for this call only: it is unregistered afterwards, even on failure, so the user's
    repository list ends as it was. Writes the .nupkg's path.
.NOTES
    build.ps1 runs it with XDG_DATA_HOME under out/, so on Linux and macOS PSResourceGet's repository store is out/'s
    too and nothing outside out/ is touched.
#>
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
$Module = (Resolve-Path -LiteralPath $Module).Path
$version = (Import-PowerShellDataFile (Join-Path $Module 'KvmPve.psd1')).ModuleVersion
$folder = Join-Path $Destination "repository-$([guid]::NewGuid().ToString('N'))"
$name = "KvmPveBuild-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory -Path $folder -Force
try {
    Register-PSResourceRepository -Name $name -Uri $folder -Trusted
    Publish-PSResource -Path $Module -Repository $name
    $package = Join-Path $folder "KvmPve.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) { throw "Publish-PSResource wrote no $package." }
    $target = Join-Path $Destination "KvmPve.$version.nupkg"
    Move-Item -LiteralPath $package -Destination $target -Force
    (Resolve-Path -LiteralPath $target).Path
}
finally {
    Unregister-PSResourceRepository -Name $name -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}
