#!/usr/bin/env bash
# Regenerates the lesson sample video shipped in public/media (SPEC F2).
# A 12 s test pattern with a 440 Hz tone, twice: H.264/AAC MP4 (played by every major browser,
# Debian's Chromium included) and a VP9/Opus WebM fallback for Chromium builds without H.264.
# Both stay well under 2 MB so the repository stays small.
set -euo pipefail
cd "$(dirname "$0")/.."
out=public/media
mkdir -p "$out"
src=(-f lavfi -i "testsrc2=size=640x360:rate=24" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 12)

ffmpeg -y -loglevel error "${src[@]}" \
  -c:v libx264 -pix_fmt yuv420p -crf 30 -preset medium \
  -c:a aac -b:a 64k -movflags +faststart "$out/sample.mp4"

ffmpeg -y -loglevel error "${src[@]}" \
  -c:v libvpx-vp9 -b:v 0 -crf 40 -deadline good -cpu-used 4 -row-mt 1 \
  -c:a libopus -b:a 48k "$out/sample.webm"

ls -l "$out"/sample.*
