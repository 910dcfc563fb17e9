#!/usr/bin/env bash
# The GPU check: our connector on llama.cpp's CUDA backend, against the shipped CPU build, on one machine.
#
#   bench/gpu/gpu-check.sh pack DIR        here (with .NET, npm and the registries): writes DIR/llama-src.tgz (the
#                                          llama.cpp source that node-llama-cpp 3.22.1 pins, the backends other than
#                                          CPU and CUDA left out, ~3 MB) and DIR/gpucheck.tgz (LocalKernel.GpuCheck
#                                          published self-contained with the shipped CPU binaries, ~45 MB)
#   bench/gpu/gpu-check.sh run DIR [ARCH]  on the GPU machine (CUDA toolkit, CMake, ninja; no .NET needed): builds
#                                          llama.cpp with CUDA for ARCH (default 90: H100/H200) without the flash
#                                          attention kernels (a 3-minute build instead of many), then runs the check on
#                                          the CPU build and on the CUDA build.
#
# Why build: node-llama-cpp's CUDA package is ~540 MB (every architecture), more than a GPU machine without registry
# access can be handed here; one architecture from source is a few megabytes of source and a 3-minute build.
set -euo pipefail
mode=${1:?usage: gpu-check.sh pack|run DIR [ARCH]}
dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)

case "$mode" in
pack)
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent node-llama-cpp@3.22.1 >/dev/null && tar xzf node-llama-cpp-3.22.1.tgz)
  git clone -q "$work/package/llama/gitRelease.bundle" "$work/src"
  tar czf "$dir/llama-src.tgz" -C "$work/src" \
    --exclude='ggml/src/ggml-'{blas,cann,et,hexagon,hip,metal,musa,opencl,openvino,rpc,sycl,virtgpu,vulkan,webgpu,zdnn,zendnn} \
    CMakeLists.txt CMakePresets.json cmake include src vendor ggml licenses LICENSE
  dotnet publish "$root/bench/gpu/GpuCheck" -c Release -r linux-x64 --self-contained -o "$work/gpucheck" -v q
  tar czf "$dir/gpucheck.tgz" -C "$work" gpucheck
  rm -rf "$work"
  ls -la "$dir"
  ;;
run)
  arch=${3:-90}
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  mkdir -p "$dir/src" "$dir/app"
  tar xzf "$dir/llama-src.tgz" -C "$dir/src"
  tar xzf "$dir/gpucheck.tgz" -C "$dir/app"
  start=$(date +%s)
  cmake -S "$dir/src" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
    -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
    -DGGML_CUDA=ON -DGGML_CUDA_NCCL=OFF -DGGML_CUDA_FA=OFF -DCMAKE_CUDA_ARCHITECTURES="$arch" > "$dir/cmake.log"
  ninja -C "$dir/build" llama > "$dir/build.log"
  echo "llama.cpp with CUDA built in $(( $(date +%s) - start )) s"
  threads=$(nproc)
  "$dir/app/gpucheck/LocalKernel.GpuCheck" "$dir/models" 0 "$threads"
  LOCALKERNEL_LLAMA_LIB_DIR="$dir/build/bin" "$dir/app/gpucheck/LocalKernel.GpuCheck" "$dir/models" auto "$threads"
  ;;
*)
  echo "usage: gpu-check.sh pack|run DIR [ARCH]" >&2
  exit 2
  ;;
esac
