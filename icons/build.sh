#!/usr/bin/env bash
# Makes every bitmap of the QSFS icons from the SVG sources in icons/src/:
#   icons/png/qsfs-N.png            the app icon, N = 16 24 32 48 64 128 256 512 1024
#                                   (16-32 px from qsfs-small.svg, drawn for small sizes; 48+ from qsfs.svg)
#   icons/png/tray-STATE-N.png      tray icons, STATE = ok syncing degraded error, N = 16 22 24 32 48 64
#   icons/qsfs.ico                  Windows (16..256, the 256 one PNG-compressed)
#   icons/qsfs.icns                 macOS (16..1024)
#   icons/qsfs.png                  the 256 px icon jpackage uses on Linux
# and copies the ones the app loads at runtime to app-ui/src/main/resources/org/qsfs/app/icons/.
# The results are committed, so building QSFS does not need these tools; run this after editing an SVG.
# Tools (Debian 12): apt-get install librsvg2-bin icoutils icnsutils
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

for tool in rsvg-convert icotool png2icns; do
    command -v "$tool" >/dev/null || { echo "icons/build.sh: $tool is missing (apt-get install librsvg2-bin icoutils icnsutils)" >&2; exit 1; }
done

render() { # svg size out
    rsvg-convert --format=png --width="$2" --height="$2" --keep-aspect-ratio "$1" --output "$3"
}

rm -rf png && mkdir -p png
for n in 16 24 32 48 64 128 256 512 1024; do
    if [ "$n" -le 32 ]; then src=src/qsfs-small.svg; else src=src/qsfs.svg; fi
    render "$src" "$n" "png/qsfs-$n.png"
done
for state in ok syncing degraded error; do
    for n in 16 22 24 32 48 64; do
        render "src/tray-$state.svg" "$n" "png/tray-$state-$n.png"
    done
done

cp png/qsfs-256.png qsfs.png
icotool --create --output=qsfs.ico \
    png/qsfs-16.png png/qsfs-24.png png/qsfs-32.png png/qsfs-48.png png/qsfs-64.png png/qsfs-128.png \
    --raw=png/qsfs-256.png
# png2icns picks the icns type from each PNG's size (16, 32, 48, 128, 256, 512, 1024)
png2icns qsfs.icns png/qsfs-16.png png/qsfs-32.png png/qsfs-48.png png/qsfs-128.png \
    png/qsfs-256.png png/qsfs-512.png png/qsfs-1024.png >/dev/null

# what the app loads at runtime (window icons and the tray), unless the app ships its own
res=../app-ui/src/main/resources/org/qsfs/app/icons
if [ -d ../app-ui ] && [ "${QSFS_ICONS_NO_APP_COPY:-}" != 1 ]; then
    mkdir -p "$res"
    for n in 16 24 32 48 64 128 256 512; do cp "png/qsfs-$n.png" "$res/"; done
    cp png/tray-*.png "$res/"
fi

icotool --list qsfs.ico
ls -l qsfs.ico qsfs.icns png | sed -n '1,3p'
echo "icons/build.sh: $(ls png | wc -l) PNGs, qsfs.ico, qsfs.icns"
