#!/bin/sh
# GPU check for a machine without network (see gpu-check.md): `verba bench` with WebGPU over Vulkan
# (and CUDA when its provider libraries are carried) against the CPU, in one call.
#
#   sh electron/node/bench/gpu-check.sh prepare      # here: fill .gpu/ (node.xz, node_modules.tar.xz, debs)
#   sh electron/node/bench/gpu-check.sh run          # there: unpack, bench, write bench-results/<date>-<card>/
#   sh electron/node/bench/gpu-check.sh dry-run      # here, on the CPU: the same bench, no unpacking
#
# Results go to bench-results/<UTC date>-<card>/ (bench.json, bench.md, env.txt) and, when $OUT is
# set (the device tool), to $OUT too.
set -eu
mode=${1:-dry-run}
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
gpu=.gpu
models=${GPU_CHECK_MODELS:-tiny,base-plus}
lengths=${GPU_CHECK_LENGTHS:-10,20}
runs=${GPU_CHECK_RUNS:-5}

prepare() {
  mkdir -p "$gpu/debs"
  grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>"$(git rev-parse --git-path info/exclude)"
  # Node 24, as the one the tests use: 127 MB raw, about a quarter of it xz'd.
  xz -T0 -6 -c "$(command -v node)" >"$gpu/node.xz"
  # onnxruntime-node slimmed to linux/x64 (+ CUDA provider libraries if they were installed here),
  # with the few pure-JS packages the bench imports.
  tar -cJf "$gpu/node_modules.tar.xz" --exclude='onnxruntime-node/bin/napi-v6/darwin' \
    --exclude='onnxruntime-node/bin/napi-v6/win32' --exclude='onnxruntime-node/bin/napi-v6/linux/arm64' \
    node_modules/onnxruntime-node node_modules/onnxruntime-common node_modules/protobufjs node_modules/long \
    node_modules/undici node_modules/fflate node_modules/@alexanderolsen node_modules/audio-decode 2>/dev/null ||
    tar -cJf "$gpu/node_modules.tar.xz" node_modules/onnxruntime-node node_modules/onnxruntime-common \
      node_modules/protobufjs node_modules/long
  # Debian's Vulkan loader and GL dispatch libraries (the NVIDIA driver itself is on the machine).
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  mkdir -p /tmp/amd64/partial
  # shellcheck disable=SC2086
  apt-get $o update >/dev/null
  # shellcheck disable=SC2086
  (cd "$gpu/debs" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
  du -sh "$gpu"
}

bench() {
  node=$1
  devices=$2
  card=$3
  out="bench-results/$(date -u +%Y-%m-%d)-$card"
  mkdir -p "$out"
  {
    echo "date: $(date -u +%FT%TZ)"
    echo "card: $card"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "nvidia-smi: none"
    echo "cpus: $(nproc)"
    echo "node: $($node --version)"
    echo "VK_DRIVER_FILES: ${VK_DRIVER_FILES:-unset}"
  } >"$out/env.txt"
  threads=$(nproc)
  # One process per device list entry keeps a crashing provider from taking the CPU figures with it.
  "$node" electron/cli/verba.ts bench --models "$models" --device "$devices" --variant fp32,fp16 \
    --lengths "$lengths" --runs "$runs" --threads "$threads" --cache /tmp/verba-bench >"$out/bench.json" 2>"$out/bench.log"
  "$node" -e "import('./electron/node/bench/bench-markdown.ts').then(async (m) => {
    const r = JSON.parse(require('node:fs').readFileSync('$out/bench.json', 'utf8'));
    process.stdout.write(m.benchMarkdown(r));
  })" >"$out/bench.md"
  cat "$out/bench.md"
  if [ -n "${OUT:-}" ]; then cp "$out"/* "$OUT"/; fi
}

case $mode in
prepare) prepare ;;
run)
  for f in "$gpu"/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
  icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [ -f "$icd" ] && export VK_DRIVER_FILES="$icd"
  mkdir -p /tmp/gpu-node
  xz -dc "$gpu/node.xz" >/tmp/gpu-node/node && chmod +x /tmp/gpu-node/node
  tar -xJf "$gpu/node_modules.tar.xz"
  devices=webgpu,cpu
  ls node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so >/dev/null 2>&1 && devices=cuda,webgpu,cpu
  card=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | tr -c 'A-Za-z0-9\n' '-' | tr -s '-' | sed 's/-$//')
  bench /tmp/gpu-node/node "$devices" "${card:-unknown-gpu}"
  ;;
dry-run)
  models=${GPU_CHECK_MODELS:-demo}
  lengths=${GPU_CHECK_LENGTHS:-10}
  runs=${GPU_CHECK_RUNS:-2}
  bench "$(command -v node)" webgpu,cpu cpu-dry-run
  ;;
*)
  echo "usage: gpu-check.sh prepare|run|dry-run" >&2
  exit 2
  ;;
esac
