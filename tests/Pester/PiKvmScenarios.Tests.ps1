# The same PiKVM scenarios against the simulator and, when the environment names one, a real kvmd: where the two
# disagree, kvmd is right and the simulator is fixed. Only what both can do is asserted; where a real kvmd here lacks
# hardware (ATX disabled, no video signal, a noop GPIO driver), the scenario asserts what a user sees in that case.
BeforeDiscovery {
    . $PSScriptRoot/TestHelpers.ps1
    $targets = Get-PiKvmTestTargetName
}

Describe 'PiKVM scenarios on <Name>' -ForEach $targets {
    BeforeAll {
        . $PSScriptRoot/TestHelpers.ps1
        Import-KvmPveUnderTest
        $target = Start-PiKvmTestTarget $Kind
        function Connect-Target([string] $AuthMode = 'Session') {
            Connect-PiKvm $target.Server -Credential $target.Credential -CertificateThumbprint $target.Thumbprint -AuthMode $AuthMode
        }
        function Get-RequestCount { @(Get-PiKvmTestRequest $target).Count }
        function New-TestFile([string] $Name, [long] $Size, [byte] $Fill = 0) {
            $path = Join-Path $TestDrive $Name
            $bytes = [byte[]]::new($Size)
            [Array]::Fill($bytes, $Fill)
            [System.IO.File]::WriteAllBytes($path, $bytes)
            $path
        }
        # A name of its own per run, so a kvmd left with images by an earlier run does not change the outcome.
        $image = "kvmpve-$([guid]::NewGuid().ToString('N').Substring(0, 8)).iso"
    }

    AfterAll {
        Get-PiKvmMsd -ErrorAction SilentlyContinue | Where-Object Connected | ForEach-Object { Dismount-PiKvmMsdImage -Confirm:$false }
        Get-PiKvmMsdImage 'kvmpve-*' -ErrorAction SilentlyContinue | Remove-PiKvmMsdImage -Confirm:$false -ErrorAction SilentlyContinue
        Stop-PiKvmTestTarget $target
    }

    Context 'Connecting' {
        It 'connects in <_> mode and checks the credentials' -ForEach 'Session', 'Header', 'Basic' {
            $session = Connect-Target $_
            $session.AuthMode | Should -Be $_
            $session.CertificateCheck | Should -Be 'Pinned'
            (Get-PiKvmInfo -Session $session).KvmdVersion | Should -Not -BeNullOrEmpty
            Disconnect-PiKvm -Session $session -Confirm:$false
        }

        It 'refuses a wrong password as an authentication error' {
            $bad = [pscredential]::new($target.Credential.UserName, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
            $e = { Connect-PiKvm $target.Server -Credential $bad -CertificateThumbprint $target.Thumbprint } | Should -Throw -ErrorId 'PiKvmAuthenticationFailed,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $e.Exception.Message | Should -Not -BeLike '*wrong-password*'
        }

        It 'refuses the certificate without a pin and names its thumbprint' {
            $e = { Connect-PiKvm $target.Server -Credential $target.Credential } | Should -Throw -ErrorId 'PiKvmCertificateRejected,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'SecurityError'
            $e.Exception.Message | Should -BeLike "*$($target.Thumbprint)*"
        }

        It 'logs in with two-factor authentication from the TOTP secret' {
            $totp = Enable-PiKvmTestTotp $target
            try {
                $secret = ConvertTo-SecureString $totp.Secret -AsPlainText -Force
                { Connect-PiKvm $totp.Server -Credential $target.Credential -CertificateThumbprint $totp.Thumbprint -AuthMode Header } | Should -Throw -ErrorId 'PiKvmAuthenticationFailed,*'
                $session = Connect-PiKvm $totp.Server -Credential $target.Credential -TotpSecret $secret -CertificateThumbprint $totp.Thumbprint -AuthMode Header
                (Get-PiKvmInfo -Session $session -Field meta) | Should -Not -BeNullOrEmpty
                Disconnect-PiKvm -Session $session -Confirm:$false
            }
            finally {
                Disable-PiKvmTestTotp $totp
            }
        }

        It 'logs out on Disconnect-PiKvm, and a closed session is refused' {
            $session = Connect-Target
            $before = @(Get-PiKvmTestRequest $target | Where-Object { $_ -like 'POST /api/auth/logout*' }).Count
            Disconnect-PiKvm -Session $session -Confirm:$false
            @(Get-PiKvmTestRequest $target | Where-Object { $_ -like 'POST /api/auth/logout*' }).Count | Should -Be ($before + 1)
            { Get-PiKvmInfo -Session $session } | Should -Throw -ErrorId 'PiKvmSessionClosed,*'
        }
    }

    Context 'System' {
        BeforeAll { $null = Connect-Target }

        It 'reads the versions and the whole answer' {
            $info = Get-PiKvmInfo
            $info.KvmdVersion | Should -Match '^\d+\.\d+'
            $info.Data | Should -Not -BeNullOrEmpty
            (Get-PiKvmInfo -Field system).KvmdVersion | Should -Be $info.KvmdVersion
        }

        It 'reads the log (a kvmd without a journal answers with no lines)' {
            { @(Get-PiKvmLog -Seek 00:01:00 -ErrorAction Stop) } | Should -Not -Throw
        }

        It 'calls any endpoint with Invoke-PiKvmApi' {
            (Invoke-PiKvmApi Get info -Query @{ fields = 'system' }).system.kvmd.version | Should -Be (Get-PiKvmInfo).KvmdVersion
            $e = { Invoke-PiKvmApi Get info -Query @{ fields = 'bogus' } -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmValidator,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
    }

    Context 'GPIO' {
        BeforeAll { $null = Connect-Target }

        It 'lists the channels with their direction' {
            $channels = @(Get-PiKvmGpio)
            $channels.Channel | Should -Contain 'relay1'
            ($channels | Where-Object Channel -eq 'led1').Direction | Should -Be 'Input'
        }

        It 'switches an output, and sends nothing with -WhatIf' {
            $count = Get-RequestCount
            Set-PiKvmGpio relay1 $true -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            # -Wait: kvmd keeps a channel busy a moment after each switch, and answers 409 to another one meanwhile.
            $channel = Set-PiKvmGpio relay1 $true -Wait -Confirm:$false
            $channel.Channel | Should -Be 'relay1'
            $null = Set-PiKvmGpio relay1 $false -Wait -Confirm:$false
            Get-PiKvmTestChange $target -Since $count | Should -Be @('POST /api/gpio/switch?channel=relay1&state=1&wait=1', 'POST /api/gpio/switch?channel=relay1&state=0&wait=1')
        }

        It 'refuses an unknown channel and an input before sending anything' {
            $count = Get-RequestCount
            $e = { Set-PiKvmGpio relay9 $true -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmGpioChannelNotFound,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            { Set-PiKvmGpio led1 $true -Confirm:$false -ErrorAction Stop } | Should -Throw
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
        }

        It 'pulses an output, and sends nothing with -WhatIf' {
            $count = Get-RequestCount
            Invoke-PiKvmGpioPulse relay2 -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            $null = Invoke-PiKvmGpioPulse relay2 -Delay 0.1 -Wait -Confirm:$false
            Get-PiKvmTestChange $target -Since $count | Should -BeLike 'POST /api/gpio/pulse?channel=relay2*'
        }
    }

    Context 'Events' {
        BeforeAll {
            $null = Connect-Target
            # Changes come from another runspace while this one watches.
            function Start-Change([string] $Change) {
                Start-ThreadJob -ArgumentList (Join-Path (Get-Module KvmPve).ModuleBase 'KvmPve.psd1'), $target.Server, $target.Credential, $target.Thumbprint, $Change -ScriptBlock {
                    param($Module, $Server, $Credential, $Thumbprint, $Change)
                    Import-Module $Module
                    $null = Connect-PiKvm $Server -Credential $Credential -CertificateThumbprint $Thumbprint
                    Start-Sleep -Milliseconds 1500
                    & ([scriptblock]::Create($Change))
                }
            }
        }

        It 'starts with kvmd''s loop event and the full state of each part' {
            $events = @(Watch-PiKvmEvent -TimeoutSec 3)
            $events[0].Type | Should -Be 'loop'
            $events[0] | Should -BeOfType ([KvmPve.PiKvmEvent])
            $events.Type | Should -Contain 'gpio'
            $events.Type | Should -Contain 'atx'
            $events.Type | Should -Contain 'hid'
            $gpio = $events | Where-Object Type -eq 'gpio' | Select-Object -First 1
            $gpio.State.model.scheme.outputs.relay1 | Should -Not -BeNullOrEmpty
            $gpio.State.state.outputs.relay1.online | Should -BeTrue
        }

        # kvmd sends a changed channel whole ({online, state, busy}); with its noop driver a real kvmd's relay stays
        # off and only "busy" changes, so the partial event is what is asserted, not the relay's new state.
        It 'shows a GPIO switch as a gpio event, merged into the full state, and returns at the first match' {
            $job = Start-Change 'Set-PiKvmGpio relay1 $true -Wait -Confirm:$false | Out-Null'
            try {
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $event = Watch-PiKvmEvent gpio -TimeoutSec 20 | Where-Object { $_.Change.state.outputs.relay1 -and -not $_.Change.model } | Select-Object -First 1
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
                $event.Change.model | Should -BeNullOrEmpty -Because 'after the full state kvmd sends only what changed'
                $event.Change.state.outputs.relay1.online | Should -BeTrue
                $event.State.state.outputs.relay1.busy | Should -Be $event.Change.state.outputs.relay1.busy
                $event.State.model.scheme.outputs.relay1 | Should -Not -BeNullOrEmpty -Because 'a partial update is merged into the full state'
            }
            finally {
                $job | Receive-Job -Wait -AutoRemoveJob -ErrorAction SilentlyContinue
                $null = Set-PiKvmGpio relay1 $false -Wait -Confirm:$false
            }
        }

        # kvmd sends msd's storage.images whole in each partial update (kvmd/plugins/msd/otg poll_state), and its web UI
        # replaces the list: an image removed is gone from the merged state, not kept by a deep merge.
        It 'shows an uploaded image in the merged msd state and drops it once removed' {
            $name = "kvmpve-ev-$([guid]::NewGuid().ToString('N').Substring(0, 8)).iso"
            $file = New-TestFile $name 4096 7
            $job = Start-Change "Add-PiKvmMsdImage -LiteralPath '$file' -Confirm:`$false | Out-Null; Start-Sleep -Seconds 2; Remove-PiKvmMsdImage '$name' -Confirm:`$false"
            try {
                $seen = $null
                $gone = Watch-PiKvmEvent msd -TimeoutSec 30 | Where-Object {
                    $images = $_.State.storage.images
                    if ($images.PSObject.Properties[$name]) { $seen = $_ }
                    $seen -and -not $images.PSObject.Properties[$name]
                } | Select-Object -First 1
                $seen | Should -Not -BeNullOrEmpty -Because 'the upload shows in the merged state'
                $gone | Should -Not -BeNullOrEmpty -Because 'a removed image leaves the merged state'
                $gone.State.storage.parts | Should -Not -BeNullOrEmpty -Because 'the rest of the state is kept'
            }
            finally {
                $job | Receive-Job -Wait -AutoRemoveJob -ErrorAction SilentlyContinue
            }
        }

        It 'filters by type' {
            @(Watch-PiKvmEvent atx, hid -TimeoutSec 2).Type | Sort-Object -Unique | Should -Be @('atx', 'hid')
        }
    }

    Context 'ATX' {
        BeforeAll { $null = Connect-Target }

        It 'reads the power state, and a power action works or is reported as disabled' {
            $atx = Get-PiKvmAtx
            $atx | Should -BeOfType ([KvmPve.PiKvmAtxState])
            $count = Get-RequestCount
            Invoke-PiKvmAtxPower On -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            if ($atx.Enabled) {
                (Invoke-PiKvmAtxPower On -Wait -Confirm:$false).PowerLed | Should -BeTrue
            }
            else {
                $e = { Invoke-PiKvmAtxPower On -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmAtxDisabled,*' -PassThru
                $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
                $e.Exception.Message | Should -BeLike '*ATX is disabled*'
            }
        }
    }

    Context 'A PiKVM without a Switch' {
        BeforeAll { $null = Connect-Target }

        It 'reads kvmd''s Switch state as no units and no ports' {
            $switch = Get-PiKvmSwitch
            $switch | Should -BeOfType ([KvmPve.PiKvmSwitch])
            $switch.Units | Should -Be 0
            $switch.Ports.Count | Should -Be 0
            $switch.ActivePort | Should -BeNullOrEmpty
            $switch.Edids.Keys | Should -Contain 'default'
        }

        It 'refuses a port before sending anything kvmd would silently ignore' {
            $before = @(Get-PiKvmTestRequest $target | Where-Object { $_ -like 'POST /api/switch*' }).Count
            $e = { Set-PiKvmSwitchPort 1 -Active -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmNoSwitch,*' -PassThru
            $e.Exception.Message | Should -BeLike "*$($target.Server)*has no Switch connected*"
            { Invoke-PiKvmAtxPower On -Port 2 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmNoSwitch,*'
            @(Get-PiKvmTestRequest $target | Where-Object { $_ -like 'POST /api/switch*' }).Count | Should -Be $before
        }
    }

    Context 'Keyboard' {
        BeforeAll { $null = Connect-Target }

        It 'reads the HID state and the keymaps' {
            (Get-PiKvmHid) | Should -BeOfType ([KvmPve.PiKvmHidState])
            (Get-PiKvmKeymap).Name | Should -Contain 'en-us'
        }

        It 'types text and presses a chord, and sends nothing with -WhatIf' {
            $count = Get-RequestCount
            Send-PiKvmText 'hello' -WhatIf
            Send-PiKvmKey Ctrl+Alt+Delete -WhatIf
            Reset-PiKvmHid -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            Send-PiKvmText 'hello' -Confirm:$false
            Send-PiKvmKey Ctrl+Alt+Delete -Confirm:$false
            # Text goes to /api/hid/print; keys go over kvmd's WebSocket, one message each, and no HTTP request.
            $sent = @(Get-PiKvmTestChange $target -Since $count)
            $sent.Count | Should -Be 1
            $sent[0] | Should -BeLike 'POST /api/hid/print?*limit=0*'
            if ($target.Simulator) {
                @((Get-KvmPveSimulatorHid $target.Simulator).keys) | Select-Object -Last 6 | Should -Be @('+ControlLeft', '+AltLeft', '+Delete', '-Delete', '-AltLeft', '-ControlLeft')
            }
        }

        It 'moves and clicks the mouse over the WebSocket, pixels mapped from the screen''s size' {
            $count = Get-RequestCount
            Send-PiKvmMouse -MoveTo 10, 10 -WhatIf
            Send-PiKvmMouse -MoveTo 10, 10 -Click Left -Wheel -1 -Confirm:$false
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            { Send-PiKvmMouse -MoveTo 100000, 10 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMouseOutOfScreen,*'
            if ($target.Simulator) {
                @((Get-KvmPveSimulatorHid $target.Simulator).mouse) | Select-Object -Last 4 | Should -Be @('move -32426 -32161', '+left', '-left', 'wheel 0 -1')
            }
        }

        It 'resets the keyboard and mouse' {
            $count = Get-RequestCount
            Reset-PiKvmHid -Confirm:$false
            Get-PiKvmTestChange $target -Since $count | Should -Be @('POST /api/hid/reset')
        }
    }

    Context 'The rest of kvmd''s API' {
        BeforeAll { $null = Connect-Target }

        It 'switches the mouse to relative output and the jiggler on, moves relatively, and back' {
            $hid = Get-PiKvmHid
            $hid.MouseOutputs | Should -Contain 'usb_rel'
            $hid.InactivitySeconds | Should -BeGreaterOrEqual 0
            $count = Get-RequestCount
            Set-PiKvmHid -MouseOutput usb_rel -Jiggler $true -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            try {
                $after = Set-PiKvmHid -MouseOutput usb_rel -Jiggler $true -PassThru -Confirm:$false
                ($after.MouseOutput, $after.MouseAbsolute, $after.JigglerActive) | Should -Be @('usb_rel', $false, $true)
                Send-PiKvmMouse -Relative 300, -20 -Confirm:$false
            }
            finally {
                Set-PiKvmHid -MouseOutput usb -Jiggler $false -Confirm:$false
            }
            (Get-PiKvmHid).MouseAbsolute | Should -BeTrue
        }

        It 'refuses an output or a switch the PiKVM does not offer, naming what it offers, before any change' {
            $count = Get-RequestCount
            $e = { Set-PiKvmHid -KeyboardOutput ps2 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmHidOutputUnavailable,*' -PassThru
            $e.Exception.Message | Should -BeLike '*offers*'
            { Set-PiKvmHid -Connected $false -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmHidConnectUnavailable,*'
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
        }

        It 'reads the streamer and changes its quality and frame rate within kvmd''s limits' {
            $streamer = Get-PiKvmStreamer
            $streamer | Should -BeOfType ([KvmPve.PiKvmStreamerState])
            $streamer.Features | Should -Contain 'quality'
            try {
                $changed = Set-PiKvmStreamer -Quality 55 -DesiredFps 25 -PassThru -Confirm:$false
                ($changed.Quality, $changed.DesiredFps) | Should -Be @(55, 25)
            }
            finally {
                Set-PiKvmStreamer -Quality $streamer.Quality -DesiredFps $streamer.DesiredFps -Confirm:$false
            }
            $count = Get-RequestCount
            Set-PiKvmStreamer -Quality 30 -WhatIf
            { Set-PiKvmStreamer -Quality 101 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmStreamerOutOfRange,*'
            { Set-PiKvmStreamer -DesiredFps 1000 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmStreamerOutOfRange,*'
            { Set-PiKvmStreamer -H264Gop 10 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmStreamerFeatureUnavailable,*'
            Reset-PiKvmStreamer -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            Reset-PiKvmStreamer -Confirm:$false
        }

        It 'reads an uploaded image back byte for byte, and compressed where kvmd compresses' {
            $name = "kvmpve-read-$([guid]::NewGuid().ToString('N').Substring(0, 8)).img"
            $bytes = [byte[]]::new(300000)
            [Random]::new(11).NextBytes($bytes)
            $path = Join-Path $TestDrive $name
            [System.IO.File]::WriteAllBytes($path, $bytes)
            $null = Add-PiKvmMsdImage -LiteralPath $path -Confirm:$false
            try {
                $back = New-Item -ItemType Directory (Join-Path $TestDrive 'back') -Force
                Save-PiKvmMsdImage $name -Path $back -WhatIf
                Get-ChildItem $back | Should -BeNullOrEmpty -Because '-WhatIf writes no file'
                $saved = Save-PiKvmMsdImage $name -Path $back -Confirm:$false
                (Get-FileHash $saved.FullName).Hash | Should -Be (Get-FileHash $path).Hash
                { Save-PiKvmMsdImage $name -Path $back -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdFileExists,*'
                { Save-PiKvmMsdImage 'no-such.img' -Path $back -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdImageNotFound,*'
                if ($target.Kind -eq 'Kvmd') {
                    $zst = Save-PiKvmMsdImage $name -Path $back -Compress zstd -Confirm:$false
                    $zst.Name | Should -Be "$name.zst"
                    ([System.IO.File]::ReadAllBytes($zst.FullName)[0..3] | ForEach-Object { '{0:X2}' -f $_ }) -join '' | Should -Be '28B52FFD'
                }
                Get-ChildItem $back -Filter '*.part' | Should -BeNullOrEmpty
            }
            finally {
                Remove-PiKvmMsdImage $name -Confirm:$false
            }
        }

        It 'resets the virtual media, and names kvmd''s setting when Wake-on-LAN is not set up' {
            $count = Get-RequestCount
            Reset-PiKvmMsd -WhatIf
            Send-PiKvmWakeOnLan -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            (Reset-PiKvmMsd -Confirm:$false).Connected | Should -BeFalse
            $e = { Send-PiKvmWakeOnLan -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmWakeOnLanUnavailable,*' -PassThru
            $e.Exception.Message | Should -BeLike '*override.yaml*wol*'
        }

        It 'logs an expired cookie session in again for the next call, once' {
            $session = Connect-PiKvm $target.Server -Credential $target.Credential -CertificateThumbprint $target.Thumbprint -Expire (New-TimeSpan -Seconds 2)
            $logins = @(Get-PiKvmTestRequest $target | Where-Object { $_ -like 'POST /api/auth/login*' }).Count
            Start-Sleep -Seconds 3
            (Get-PiKvmInfo -Session $session -Field meta) | Should -Not -BeNullOrEmpty
            @(Get-PiKvmTestRequest $target | Where-Object { $_ -like 'POST /api/auth/login*' }).Count | Should -Be ($logins + 1)
            { Connect-PiKvm $target.Server -Credential $target.Credential -CertificateThumbprint $target.Thumbprint -AuthMode Header -Expire (New-TimeSpan -Hours 1) -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmInvalidExpire,*'
            $null = Connect-Target
        }

        # kvmd joins prefix and name but makes no folder: a missing one is a clear error on both; the simulator has a
        # folder "images" (one made on the PiKVM) to show the upload that works.
        It 'uploads under a prefix into an existing folder, and names a missing folder' {
            $name = "kvmpve-p-$([guid]::NewGuid().ToString('N').Substring(0, 8)).iso"
            $path = New-TestFile $name 1MB 3
            $e = { Add-PiKvmMsdImage -LiteralPath $path -Prefix 'kvmpve-no-such-dir' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdFolderNotFound,*' -PassThru
            $e.Exception.Message | Should -BeLike "*no folder 'kvmpve-no-such-dir'*"
            Get-PiKvmMsdImage "kvmpve-no-such-dir/*" | Should -BeNullOrEmpty
            if ($target.Kind -eq 'Simulator') {
                $added = Add-PiKvmMsdImage -LiteralPath $path -Prefix 'images' -Confirm:$false
                $added.Name | Should -Be "images/$name"
                Remove-PiKvmMsdImage "images/$name" -Confirm:$false
            }
        }

        It 'reads kvmd''s metrics as objects' {
            $metrics = Get-PiKvmMetric
            $metrics | Should -BeOfType ([KvmPve.PiKvmMetric])
            ($metrics | Where-Object Name -eq 'pikvm_atx_enabled').Type | Should -Be 'gauge'
            @(Get-PiKvmMetric 'pikvm_gpio_output_state_*').Name | Should -Contain 'pikvm_gpio_output_state_relay1'
        }
    }

    Context 'Virtual media' {
        BeforeAll { $null = Connect-Target }

        It 'uploads an image and lists it' {
            $path = New-TestFile $image 3MB
            $added = Add-PiKvmMsdImage -LiteralPath $path -Confirm:$false
            $added.Name | Should -Be $image
            $added.Size | Should -Be 3MB
            $added.Complete | Should -BeTrue
            (Get-PiKvmMsdImage $image).Size | Should -Be 3MB
        }

        It 'refuses a duplicate without -Force, and replaces it at once with -Force' {
            $path = New-TestFile $image 2MB 7
            $e = { Add-PiKvmMsdImage -LiteralPath $path -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdImageExists,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'ResourceExists'
            (Add-PiKvmMsdImage -LiteralPath $path -Force -Confirm:$false).Size | Should -Be 2MB
            (Get-PiKvmMsdImage $image).Size | Should -Be 2MB
        }

        It 'uploads nothing with -WhatIf' {
            $count = Get-RequestCount
            Add-PiKvmMsdImage -LiteralPath (New-TestFile 'kvmpve-whatif.iso' 1KB) -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
        }

        It 'mounts the image and shows it by name' {
            $count = Get-RequestCount
            Mount-PiKvmMsdImage $image -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            $state = Mount-PiKvmMsdImage $image -Confirm:$false
            $state.Connected | Should -BeTrue
            $state.Image | Should -BeOfType ([KvmPve.PiKvmMsdImage])
            $state.Image.Name | Should -Be $image
            $state.Image.Size | Should -Be 2MB
            $table = Get-PiKvmMsd | Format-Table | Out-String
            $table | Should -BeLike "*$image*"
            $table | Should -Not -BeLike '*{*'
        }

        It 'refuses an upload while the drive is connected, naming what to do' {
            $e = { Add-PiKvmMsdImage -LiteralPath (New-TestFile 'kvmpve-other.iso' 1KB) -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdConnected,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'InvalidOperation'
            $e.Exception.Message | Should -BeLike '*Dismount-PiKvmMsdImage*'
        }

        It 'dismounts, and removes the image' {
            $count = Get-RequestCount
            Dismount-PiKvmMsdImage -WhatIf
            Get-PiKvmTestChange $target -Since $count | Should -BeNullOrEmpty
            (Dismount-PiKvmMsdImage -Confirm:$false).Connected | Should -BeFalse
            Remove-PiKvmMsdImage $image -WhatIf
            (Get-PiKvmMsdImage $image).Name | Should -Be $image
            Remove-PiKvmMsdImage $image -Confirm:$false
            $null = Get-PiKvmMsdImage $image -ErrorVariable missing -ErrorAction SilentlyContinue
            $missing[0].FullyQualifiedErrorId | Should -BeLike 'PiKvmMsdImageNotFound,*'
        }

        It 'reports an unknown image as not found when removing or mounting it' {
            $null = Remove-PiKvmMsdImage 'kvmpve-nope.iso' -Confirm:$false -ErrorVariable removed -ErrorAction SilentlyContinue
            $removed[0].FullyQualifiedErrorId | Should -BeLike 'PiKvmMsdImageNotFound,*'
            $removed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $e = { Mount-PiKvmMsdImage 'kvmpve-nope.iso' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmMsdImageNotFound,*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }

    Context 'Screen' {
        BeforeAll { $null = Connect-Target }

        It 'saves a JPEG of the screen, or of the no-signal picture with -AllowOffline' {
            $file = Save-PiKvmScreenshot (Join-Path $TestDrive 'screen.jpg') -AllowOffline
            $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
            $bytes[0..1] | Should -Be @(0xFF, 0xD8)
        }

        It 'reads the screen''s text by OCR; without a signal only with -AllowOffline' {
            Get-PiKvmScreenText -AllowOffline | Should -BeOfType ([string])
            $signal = $true
            try { $null = Save-PiKvmScreenshot (Join-Path $TestDrive 'live.jpg') -ErrorAction Stop } catch { $signal = $_.FullyQualifiedErrorId -notlike 'PiKvmNoSignal,*' }
            if ($signal) {
                Get-PiKvmScreenText | Should -BeOfType ([string])
            }
            else {
                $e = { Get-PiKvmScreenText -ErrorAction Stop } | Should -Throw -ErrorId 'PiKvmNoSignal,*' -PassThru
                $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            }
        }
    }
}
