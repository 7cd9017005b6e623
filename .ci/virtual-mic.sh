#!/bin/sh
# Virtual microphone for tests and CI (idempotent): a PulseAudio null sink "vmic" whose monitor is the
# default source, and ALSA's default routed to PulseAudio so PortAudio (naudiodon) records from it.
# Tests play speech into it with `paplay --device=vmic`.
set -eu

command -v pulseaudio >/dev/null 2>&1 || { echo "virtual-mic: pulseaudio is not installed" >&2; exit 1; }

# As root PulseAudio refuses per-user mode unless told otherwise; give it a private runtime dir.
if [ "$(id -u)" = 0 ]; then
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/verba-pulse-runtime}"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi

if ! pactl info >/dev/null 2>&1; then
  pulseaudio --daemonize=yes --exit-idle-time=-1 -n --system=false --disallow-exit \
    --load="module-null-sink sink_name=vmic sink_properties=device.description=VerbaVirtualMic" \
    --load=module-native-protocol-unix
  i=0
  until pactl info >/dev/null 2>&1; do
    i=$((i + 1)); [ "$i" -gt 50 ] && { echo "virtual-mic: pulseaudio did not start" >&2; exit 1; }
    sleep 0.1
  done
fi

pactl list short sinks | grep -q '^[0-9]*[[:space:]]vmic[[:space:]]' || \
  pactl load-module module-null-sink sink_name=vmic sink_properties=device.description=VerbaVirtualMic >/dev/null
pactl set-default-sink vmic
pactl set-default-source vmic.monitor

# Root has no login session, so other processes (tests, ALSA's pulse plugin inside PortAudio) would not
# find the server under the private runtime dir: point every client at it.
if [ "$(id -u)" = 0 ]; then
  conf="$HOME/.config/pulse/client.conf"
  line="default-server = unix:$XDG_RUNTIME_DIR/pulse/native"
  mkdir -p "$(dirname "$conf")"
  grep -qxF "$line" "$conf" 2>/dev/null || printf '%s\nautospawn = no\n' "$line" >>"$conf"
fi

if [ ! -f "$HOME/.asoundrc" ]; then
  printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' >"$HOME/.asoundrc"
fi
echo "virtual-mic: ready (sink vmic, default source vmic.monitor, XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-unset})"
