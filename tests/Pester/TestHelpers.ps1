# Shared by the Pester tests, the pwsh benchmark and build.ps1: the simulator as a child process on a free loopback
# port, and fresh pwsh processes.

# A fresh process of the PowerShell running this (pwsh, or `dotnet pwsh` from the local tool manifest, whose process
# is dotnet with pwsh.dll), without profile or prompts; $LASTEXITCODE is its exit code.
# A plain function on purpose: $args passes pwsh's own switches (-File, -Command) through untouched.
function Invoke-FreshPwsh {
    $process = [Environment]::ProcessPath
    $prefix = @(if ((Split-Path $process -LeafBase) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    & $process @prefix -NoProfile -NonInteractive @args
}

function Start-KvmPveSimulator {
    [CmdletBinding()]
    param(
        [switch] $Totp,
        # The PiKVM's screen is a scripted OS installer.
        [switch] $Installer,
        # The PiKVM's screen is a machine's firmware with an F12 one-time boot menu.
        [switch] $Firmware,
        # How long PVE tasks run, and how many more guests (1000 and up, tagged bulk) the cluster has.
        [double] $TaskSeconds = -1,
        [int] $ExtraGuests = 0,
        # Guests whose tasks end with an error.
        [int[]] $FailTask = @(),
        # Guests that use a local device, so PVE refuses to migrate them.
        [int[]] $PinnedGuest = @(),
        # Guests whose tasks run ten times as long.
        [int[]] $SlowTask = @(),
        # More PiKVMs (each its own port and certificate), the slowest answering after FleetDelayMs.
        [int] $Fleet = 0,
        # Real VNC servers for VMs: @{ 100 = @{ Host; Port; Qmp } } (QEMU started by the test).
        [hashtable] $QemuVnc = @{},
        # A PiKVM Switch of this many units (four ports each).
        [int] $SwitchUnits = 0,
        [double] $FleetDelayMs = 0,
        [string] $Configuration = $(if ($env:KVMPVE_CONFIGURATION) { $env:KVMPVE_CONFIGURATION } else { 'Release' })
    )
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $project = Join-Path $root 'src/KvmPve.Simulator'
    $dll = Join-Path $project "bin/$Configuration/net10.0/KvmPve.Simulator.dll"
    if (-not (Test-Path $dll)) {
        & dotnet build $project -c $Configuration | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "Building the simulator failed." }
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($dll)
    $start.ArgumentList.Add('--port')
    $start.ArgumentList.Add('0')
    if ($Totp) { $start.ArgumentList.Add('--totp') }
    if ($Installer) { $start.ArgumentList.Add('--installer') }
    if ($Firmware) { $start.ArgumentList.Add('--firmware') }
    if ($TaskSeconds -ge 0) { $start.ArgumentList.Add('--task-seconds'); $start.ArgumentList.Add($TaskSeconds.ToString([cultureinfo]::InvariantCulture)) }
    foreach ($vmid in $FailTask) { $start.ArgumentList.Add('--fail-task'); $start.ArgumentList.Add("$vmid") }
    foreach ($vmid in $SlowTask) { $start.ArgumentList.Add('--slow-task'); $start.ArgumentList.Add("$vmid") }
    foreach ($vmid in $PinnedGuest) { $start.ArgumentList.Add('--pinned-guest'); $start.ArgumentList.Add("$vmid") }
    foreach ($vmid in $QemuVnc.Keys) {
        $start.ArgumentList.Add('--qemu-vnc'); $start.ArgumentList.Add("$vmid=$($QemuVnc[$vmid].Host):$($QemuVnc[$vmid].Port),$($QemuVnc[$vmid].Qmp)")
        if ($QemuVnc[$vmid].Serial) { $start.ArgumentList.Add('--qemu-serial'); $start.ArgumentList.Add("$vmid=$($QemuVnc[$vmid].Serial)") }
    }
    if ($SwitchUnits -gt 0) { $start.ArgumentList.Add('--switch-units'); $start.ArgumentList.Add("$SwitchUnits") }
    if ($Fleet -gt 0) {
        $start.ArgumentList.Add('--fleet'); $start.ArgumentList.Add("$Fleet")
        $start.ArgumentList.Add('--fleet-delay-ms'); $start.ArgumentList.Add($FleetDelayMs.ToString([cultureinfo]::InvariantCulture))
    }
    if ($ExtraGuests -gt 0) { $start.ArgumentList.Add('--extra-guests'); $start.ArgumentList.Add("$ExtraGuests") }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)

    $simulator = @{ Process = $process; Server = $null; Thumbprint = $null; TotpSecret = $null; PveToken = $null; Fleet = [System.Collections.Generic.List[object]]::new() }
    while ($true) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { throw 'The simulator stopped before it was ready.' }
        if ($line -match '^\s+-Server\s+(\S+)') { $simulator.Server = $Matches[1] }
        elseif ($line -match '^\s+SHA-256\s+([0-9A-F]{64})') { $simulator.Thumbprint = $Matches[1] }
        elseif ($line -match '^\s+Fleet PiKVM\s+(\S+) ([0-9A-F]{64})') { $simulator.Fleet.Add([pscustomobject]@{ Server = $Matches[1]; CertificateThumbprint = $Matches[2] }) }
        elseif ($line -match '^\s+TOTP secret\s+([A-Z2-7]+)') { $simulator.TotpSecret = $Matches[1] }
        elseif ($line -match 'API token root@pam!automation = (\S+)') { $simulator.PveToken = $Matches[1] }
        elseif ($line -like 'Press Ctrl+C*') { break }
    }
    $simulator.BaseUri = "https://$($simulator.Server)/"
    $parts = $simulator.Server -split ':'
    $simulator.Host = $parts[0]
    $simulator.Port = [int]$parts[1]
    [pscustomobject]$simulator
}

function Stop-KvmPveSimulator {
    param($Simulator)
    if ($Simulator -and -not $Simulator.Process.HasExited) {
        $Simulator.Process.Kill()
        $null = $Simulator.Process.WaitForExit(5000)
    }
}

# The requests the simulator's copy of PVE's schema refused ("METHOD path: parameter: reason"): none, for a client that is right.
function Get-KvmPveSchemaViolation {
    param($Simulator)
    $violations = Invoke-RestMethod -Uri "$($Simulator.BaseUri)_simulator/pve/violations" -SkipCertificateCheck
    $violations
}

# The key and mouse events the simulated PiKVM received (over HTTP or its WebSocket), in order.
function Get-KvmPveSimulatorHid {
    param($Simulator)
    Invoke-RestMethod -Uri "$($Simulator.BaseUri)_simulator/pikvm/hid" -SkipCertificateCheck
}

# What reached the simulator, in order (method, path, query, contentLength, at).
function Get-KvmPveSimulatorRequest {
    param($Simulator)
    # Invoke-RestMethod writes a JSON array as one object; assigned first, it is written item by item.
    $requests = Invoke-RestMethod -Uri "$($Simulator.BaseUri)_simulator/requests" -SkipCertificateCheck
    $requests
}

function New-TestCredential {
    param([string] $UserName = 'admin', [string] $Password = 'admin')
    [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

# The built module's manifest: build.ps1 names it in KVMPVE_MODULE.
function Get-KvmPveModulePath {
    $path = if ($env:KVMPVE_MODULE) { $env:KVMPVE_MODULE } else { Join-Path $PSScriptRoot '../../out/KvmPve/KvmPve.psd1' }
    (Resolve-Path $path).Path
}

function Import-KvmPveUnderTest {
    Import-Module (Get-KvmPveModulePath) -Force -ErrorAction Stop
}

# A test file's setup: the module, a simulator of its own, and optionally a default session to it.
function Initialize-KvmPveTest {
    param([switch] $Connect, [switch] $Totp)
    Import-KvmPveUnderTest
    $simulator = Start-KvmPveSimulator -Totp:$Totp
    if ($Connect) { $null = Connect-TestPiKvm $simulator }
    $simulator
}

# A test file's teardown: no session left open, the simulator stopped.
function Complete-KvmPveTest {
    param($Simulator)
    Get-PiKvmSession | Disconnect-PiKvm -Confirm:$false -ErrorAction SilentlyContinue
    Get-PveSession | Disconnect-Pve -Confirm:$false -ErrorAction SilentlyContinue
    Stop-KvmPveSimulator $Simulator
}

function Connect-TestPve {
    [CmdletBinding()]
    param($Simulator, [switch] $ApiToken)
    $common = @{ Server = $Simulator.Host; Port = $Simulator.Port; CertificateThumbprint = $Simulator.Thumbprint }
    if ($ApiToken) {
        Connect-Pve @common -ApiToken ([pscredential]::new('root@pam!automation', (ConvertTo-SecureString $Simulator.PveToken -AsPlainText -Force)))
    }
    else {
        Connect-Pve @common -Credential (New-TestCredential -UserName 'root@pam' -Password 'proxmox')
    }
}

function Connect-TestPiKvm {
    [CmdletBinding()]
    param($Simulator, [string] $AuthMode = 'Session')
    Connect-PiKvm -Server $Simulator.Server -Credential (New-TestCredential) -CertificateThumbprint $Simulator.Thumbprint -AuthMode $AuthMode
}

# The PiKVMs a scenario runs against: the simulator always, and a real kvmd when the environment names one
# (KVMPVE_KVMD_SERVER, _THUMBPRINT, _USER, _PASSWORD, _ACCESS_LOG, _TOTP_FILE; .ci/run starts one and sets them).
function Get-PiKvmTestTargetName {
    @(@{ Name = 'the simulator'; Kind = 'Simulator' }
      if ($env:KVMPVE_KVMD_SERVER) { @{ Name = "kvmd at $env:KVMPVE_KVMD_SERVER"; Kind = 'Kvmd' } })
}

function Start-PiKvmTestTarget {
    param([ValidateSet('Simulator', 'Kvmd')] [string] $Kind)
    if ($Kind -eq 'Simulator') {
        $sim = Start-KvmPveSimulator
        [pscustomobject]@{
            Kind = $Kind; Server = $sim.Server; Thumbprint = $sim.Thumbprint; Simulator = $sim
            Credential = New-TestCredential
        }
    }
    else {
        foreach ($name in 'SERVER', 'THUMBPRINT', 'USER', 'PASSWORD', 'ACCESS_LOG', 'TOTP_FILE') {
            if (-not (Get-Item "env:KVMPVE_KVMD_$name" -ErrorAction SilentlyContinue)) { throw "KVMPVE_KVMD_$name is not set." }
        }
        [pscustomobject]@{
            Kind = $Kind; Server = $env:KVMPVE_KVMD_SERVER; Thumbprint = $env:KVMPVE_KVMD_THUMBPRINT; Simulator = $null
            Credential = New-TestCredential -UserName $env:KVMPVE_KVMD_USER -Password $env:KVMPVE_KVMD_PASSWORD
        }
    }
}

function Stop-PiKvmTestTarget {
    param($Target)
    Get-PiKvmSession | Disconnect-PiKvm -Confirm:$false -ErrorAction SilentlyContinue
    if ($Target.Simulator) { Stop-KvmPveSimulator $Target.Simulator }
}

# Every request that reached the target so far, as "METHOD /api/path?query": the simulator's own record, or
# nginx's access log in front of the real kvmd (the ground truth for "nothing was sent").
function Get-PiKvmTestRequest {
    param($Target)
    if ($Target.Simulator) {
        Get-KvmPveSimulatorRequest $Target.Simulator | ForEach-Object { "$($_.method) $($_.path)$($_.query)" }
    }
    else {
        # nginx writes a request's line just after its answer has left: give the last one a moment to arrive.
        Start-Sleep -Milliseconds 200
        Get-Content -LiteralPath $env:KVMPVE_KVMD_ACCESS_LOG | ForEach-Object { if ($_ -match '"([A-Z]+) (\S+) HTTP/') { "$($Matches[1]) $($Matches[2])" } }
    }
}

# The requests that came after the first $Since ones and change state (POST), whatever their source.
function Get-PiKvmTestChange {
    param($Target, [int] $Since)
    @(Get-PiKvmTestRequest $Target | Select-Object -Skip $Since | Where-Object { $_ -like 'POST /api/*' -and $_ -notlike 'POST /api/auth/*' })
}

# Two-factor authentication on the target: a simulator of its own started with a secret, or the real kvmd's
# secret file (kvmd re-reads it at every password check). Disable-PiKvmTestTotp turns it off again.
function Enable-PiKvmTestTotp {
    param($Target)
    if ($Target.Simulator) {
        $sim = Start-KvmPveSimulator -Totp
        [pscustomobject]@{ Server = $sim.Server; Thumbprint = $sim.Thumbprint; Secret = $sim.TotpSecret; Simulator = $sim }
    }
    else {
        # Otp.NET comes with the module.
        $secret = [OtpNet.Base32Encoding]::ToString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(20))
        Set-Content -LiteralPath $env:KVMPVE_KVMD_TOTP_FILE -Value $secret -NoNewline
        [pscustomobject]@{ Server = $Target.Server; Thumbprint = $Target.Thumbprint; Secret = $secret; Simulator = $null }
    }
}

function Disable-PiKvmTestTotp {
    param($Totp)
    if ($Totp.Simulator) { Stop-KvmPveSimulator $Totp.Simulator }
    else { Set-Content -LiteralPath $env:KVMPVE_KVMD_TOTP_FILE -Value '' -NoNewline }
}

# The Proxmox VEs a PVE scenario runs against: the simulator always, and pve-mock (a second PVE written from PVE's
# source) when the environment names one: KVMPVE_PVEMOCK_SERVER (host:port), _THUMBPRINT (SHA-256), _CONTROL (its
# control URL), _USER, _PASSWORD, _TOKEN_ID, _TOKEN_SECRET. .ci/run starts one and sets them.
function Get-PveTestTargetName {
    @(@{ Name = 'the simulator'; Kind = 'Simulator' }
      if ($env:KVMPVE_PVEMOCK_SERVER) { @{ Name = "pve-mock at $env:KVMPVE_PVEMOCK_SERVER"; Kind = 'PveMock' } })
}

# A PVE for one scenario file: its address, credentials and the guests the scenarios use. Both have web01 (100,
# running VM with an agent), web02 (101, stopped VM), dns01 (200, running container) on the same nodes; the template differs.
function Start-PveTestTarget {
    param([ValidateSet('Simulator', 'PveMock')] [string] $Kind)
    if ($Kind -eq 'Simulator') {
        $sim = Start-KvmPveSimulator
        [pscustomobject]@{
            Kind = $Kind; Host = $sim.Host; Port = $sim.Port; Thumbprint = $sim.Thumbprint; Simulator = $sim; Control = $null
            Credential = New-TestCredential -UserName 'root@pam' -Password 'proxmox'
            Token = [pscredential]::new('root@pam!automation', (ConvertTo-SecureString $sim.PveToken -AsPlainText -Force))
            ReadOnly = New-TestCredential -UserName 'readonly@pve' -Password 'readonly'
            Template = 103
        }
    }
    else {
        foreach ($name in 'SERVER', 'THUMBPRINT', 'CONTROL', 'USER', 'PASSWORD', 'TOKEN_ID', 'TOKEN_SECRET') {
            if (-not (Get-Item "env:KVMPVE_PVEMOCK_$name" -ErrorAction SilentlyContinue)) { throw "KVMPVE_PVEMOCK_$name is not set." }
        }
        $null = Invoke-RestMethod -Method Post -Uri "$env:KVMPVE_PVEMOCK_CONTROL/reset"
        $parts = $env:KVMPVE_PVEMOCK_SERVER -split ':'
        [pscustomobject]@{
            Kind = $Kind; Host = $parts[0]; Port = [int]$parts[1]; Thumbprint = $env:KVMPVE_PVEMOCK_THUMBPRINT; Simulator = $null; Control = $env:KVMPVE_PVEMOCK_CONTROL
            Credential = New-TestCredential -UserName $env:KVMPVE_PVEMOCK_USER -Password $env:KVMPVE_PVEMOCK_PASSWORD
            Token = [pscredential]::new($env:KVMPVE_PVEMOCK_TOKEN_ID, (ConvertTo-SecureString $env:KVMPVE_PVEMOCK_TOKEN_SECRET -AsPlainText -Force))
            # pve-mock's auditor@pve is read-only (its public test data).
            ReadOnly = New-TestCredential -UserName 'auditor@pve' -Password 'auditpass'
            Template = 9000
        }
    }
}

function Stop-PveTestTarget {
    param($Target)
    Get-PveSession | Disconnect-Pve -Confirm:$false -ErrorAction SilentlyContinue
    if ($Target.Simulator) { Stop-KvmPveSimulator $Target.Simulator }
}

# Tasks started afterwards (of a type, of a guest, or both) run that long, on either server.
function Set-PveTestTaskDuration {
    param($Target, [double] $Seconds, [string] $Type, [int] $VmId)
    $query = "seconds=$($Seconds.ToString([cultureinfo]::InvariantCulture))$(if ($Type) { "&type=$Type" })$(if ($VmId) { "&vmid=$VmId" })"
    if ($Target.Simulator) { $null = Invoke-RestMethod -Method Post -Uri "$($Target.Simulator.BaseUri)_simulator/pve/task-duration?$query" -SkipCertificateCheck }
    else { $null = Invoke-RestMethod -Method Post -Uri "$($Target.Control)/task-duration?$query" }
}

# Every API request that reached the target, as "METHOD /path" relative to /api2/json.
function Get-PveTestRequest {
    param($Target)
    if ($Target.Simulator) {
        Get-KvmPveSimulatorRequest $Target.Simulator | Where-Object path -like '/api2/json/*' | ForEach-Object { "$($_.method) $($_.path.Substring('/api2/json'.Length))" }
    }
    else {
        $requests = Invoke-RestMethod -Uri "$($Target.Control)/requests"
        $requests | ForEach-Object { "$($_.method) $($_.path)" }
    }
}

# The requests since the first $Since that could change something (not GET, not a login).
function Get-PveTestChange {
    param($Target, [int] $Since)
    @(Get-PveTestRequest $Target | Select-Object -Skip $Since | Where-Object { $_ -notlike 'GET *' -and $_ -notlike 'POST /access/ticket*' })
}

# The requests the target's copy of PVE's schema refused: none, for a client that is right.
function Get-PveTestSchemaViolation {
    param($Target)
    if ($Target.Simulator) { Get-KvmPveSchemaViolation $Target.Simulator }
    else {
        $requests = Invoke-RestMethod -Uri "$($Target.Control)/requests"
        $requests | Where-Object schema_errors | ForEach-Object { "$($_.method) $($_.path): $($_.schema_errors | ConvertTo-Json -Compress)" }
    }
}

# A real QEMU (Debian's qemu-system-x86, TCG, no disk: its firmware's screen) with VNC on loopback behind a password
# set over QMP, as PVE runs it; $null when QEMU is not installed (the tests that need it are then not discovered).
function Start-TestQemu {
    $qemu = Get-Command qemu-system-x86_64 -ErrorAction SilentlyContinue
    if (-not $qemu) { return $null }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    # A display number whose port (5900 + N) is free now.
    $port = 0
    foreach ($candidate in 5951..5999) {
        try { $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $candidate); $listener.Start(); $listener.Stop(); $port = $candidate; break } catch { }
    }
    if ($port -eq 0) { throw 'No free VNC port between 5951 and 5999 for QEMU.' }
    $name = "kvmpve-qemu-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $qmp = Join-Path ([System.IO.Path]::GetTempPath()) "$name.qmp"
    # The serial port a socket, and SeaBIOS's console on it (fw_cfg etc/sercon-port = COM1, 0x3f8, little-endian),
    # with its boot menu offered for 3 s: real firmware text to wait for and answer on the serial console.
    $serial = Join-Path ([System.IO.Path]::GetTempPath()) "$name.serial"
    $sercon = Join-Path ([System.IO.Path]::GetTempPath()) "$name.sercon"
    [System.IO.File]::WriteAllBytes($sercon, [byte[]](0xF8, 0x03))
    $start = [System.Diagnostics.ProcessStartInfo]::new($qemu.Source)
    foreach ($arg in '-accel', 'tcg', '-m', '64', '-display', 'none', '-nodefaults', '-vga', 'std', '-vnc', "127.0.0.1:$($port - 5900),password=on", '-qmp', "unix:$qmp,server=on,wait=off",
        '-serial', "unix:$serial,server=on,wait=off", '-fw_cfg', "name=etc/sercon-port,file=$sercon", '-boot', 'menu=on,splash-time=3000') { $start.ArgumentList.Add($arg) }
    $start.UseShellExecute = $false
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while (-not (Test-Path $qmp)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "QEMU did not start: $($process.StandardError.ReadToEnd())" }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject]@{ Process = $process; Host = '127.0.0.1'; Port = $port; Qmp = $qmp; Serial = $serial; Sercon = $sercon }
}

# One QMP command to the test's QEMU (system_reset: the firmware starts over).
function Invoke-TestQmp {
    param($Qemu, [string] $Command)
    $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
    try {
        $socket.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($Qemu.Qmp))
        $stream = [System.Net.Sockets.NetworkStream]::new($socket)
        $reader = [System.IO.StreamReader]::new($stream)
        $null = $reader.ReadLine()
        foreach ($line in '{"execute":"qmp_capabilities"}', "{`"execute`":`"$Command`"}") {
            $bytes = [Text.Encoding]::UTF8.GetBytes("$line`n"); $stream.Write($bytes, 0, $bytes.Length)
            do { $answer = $reader.ReadLine() } while ($answer -like '*"event"*')
            if ($answer -notlike '*"return"*') { throw "QMP refused $line`: $answer" }
        }
    }
    finally { $socket.Dispose() }
}

function Stop-TestQemu {
    param($Qemu)
    if ($Qemu -and -not $Qemu.Process.HasExited) { $Qemu.Process.Kill(); $null = $Qemu.Process.WaitForExit(5000) }
    if ($Qemu) { Remove-Item -LiteralPath $Qemu.Qmp, $Qemu.Serial, $Qemu.Sercon -ErrorAction SilentlyContinue }
}

# A file as vncpasswd writes it (what vncsnapshot -passwd reads): the password DES-encrypted with VNC's fixed key,
# each key byte's bits reversed (VNC's quirk).
function New-VncPasswdFile([securestring] $Password, [string] $Path) {
    $key = [byte[]](23, 82, 107, 6, 35, 78, 88, 7) | ForEach-Object { $b = $_; $r = 0; for ($i = 0; $i -lt 8; $i++) { $r = $r -bor ((($b -shr $i) -band 1) -shl (7 - $i)) }; [byte]$r }
    $plain = [byte[]]::new(8)
    [Text.Encoding]::ASCII.GetBytes([Net.NetworkCredential]::new('', $Password).Password).CopyTo($plain, 0)
    $des = [Security.Cryptography.DES]::Create(); $des.Mode = 'ECB'; $des.Padding = 'None'
    [IO.File]::WriteAllBytes($Path, $des.CreateEncryptor([byte[]]$key, $null).TransformFinalBlock($plain, 0, 8))
    $Path
}
