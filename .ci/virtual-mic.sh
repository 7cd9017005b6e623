#!/bin/sh
# Virtual microphone for tests and CI (idempotent): a PulseAudio null sink "vmic" whose monitor is the
# default source, and ALSA's default routed to PulseAudio so PortAudio (naudiodon) records from it.
# Tests play speech into it with `paplay --device=vmic`.
set -eu

command -v pulseaudio >/dev/null 2>&1 || { echo "virtual-mic: pulseaudio is not installed" >&2; exit 1; }

# Root (CI containers) has no login session: give PulseAudio a private runtime dir and point every
# client (tests, ALSA's pulse plugin inside PortAudio) at its socket, which they would not find otherwise.
if [ "$(id -u)" = 0 ]; then
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/verba-pulse-runtime}"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  conf="$HOME/.config/pulse/client.conf"
  line="default-server = unix:$XDG_RUNTIME_DIR/pulse/native"
  mkdir -p "$(dirname "$conf")"
  grep -qxF "$line" "$conf" 2>/dev/null || printf '%s\nautospawn = no\n' "$line" >>"$conf"
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

if [ ! -f "$HOME/.asoundrc" ]; then
  printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' >"$HOME/.asoundrc"
fi
echo "virtual-mic: ready (sink vmic, default source vmic.monitor, XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-unset})"
