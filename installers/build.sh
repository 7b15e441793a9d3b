#!/usr/bin/env bash
# Builds QSFS's native package(s) for the OS it runs on, with a jlink'ed runtime and jpackage:
#   Linux:   installers/target/qsfs_VERSION-1_ARCH.deb  and  qsfs-VERSION-1.ARCH.rpm (when rpmbuild is there)
#   macOS:   installers/target/QSFS-VERSION.dmg          and  QSFS-VERSION.pkg
#   Windows: installers/target/QSFS-VERSION.msi          (run from Git Bash; needs the WiX 3 toolset on PATH)
#
# usage: installers/build.sh [--no-build] [--jar FILE] [TYPE...]
#   TYPE        deb rpm app-image (Linux), dmg pkg app-image (macOS), msi exe app-image (Windows);
#               default: deb + rpm, dmg + pkg, msi
#   --no-build  use app-ui/target/qsfs.jar as it is (default: build it with Maven first)
#   --jar FILE  package this launcher jar instead
# Needs a full JDK 17+ (jlink, jpackage, jdeps and the jmods) on PATH or in JAVA_HOME.
# Linux: fakeroot + dpkg-deb for .deb (Debian: apt-get install fakeroot), rpmbuild for .rpm (apt-get install rpm).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target"
work="$out/work"

build=1 jar="" types=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --jar) jar="$2"; build=0; shift ;;
        -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "build.sh: unknown option $1" >&2; exit 1 ;;
        *) types+=("$1") ;;
    esac
    shift
done

case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=mac ;;
    MINGW*|MSYS*|CYGWIN*|Windows_NT) os=windows ;;
    *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
# the JDK's tools are native programs: on Windows give them C:/... paths, not Git Bash's /c/...
np() { if [ "$os" = windows ]; then cygpath -m "$1"; else echo "$1"; fi; }
if [ ${#types[@]} -eq 0 ]; then
    case "$os" in
        linux) types=(deb); command -v rpmbuild >/dev/null && types+=(rpm) ;;
        mac) types=(dmg pkg) ;;
        windows) types=(msi) ;;
    esac
fi

jdk_bin=""
if [ -n "${JAVA_HOME:-}" ]; then jdk_bin="$JAVA_HOME/bin/"; fi
for tool in jlink jpackage jdeps; do
    command -v "${jdk_bin}$tool" >/dev/null || { echo "build.sh: ${jdk_bin}$tool not found (a full JDK 17+ is needed)" >&2; exit 1; }
done

# the project version (the parent pom's own <version>, the first one in the file);
# packages take numbers only: 0.1.0-SNAPSHOT -> 0.1.0
project_version="$(sed -n 's:.*<version>\([^<]*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
version="$(echo "$project_version" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/')"
[[ "$version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || { echo "build.sh: cannot make a package version of '$project_version'" >&2; exit 1; }
echo "build.sh: QSFS $project_version -> package version $version, $os: ${types[*]}"

# 1. the launcher jar
if [ -z "$jar" ]; then
    jar="$root/app-ui/target/qsfs.jar"
    if [ "$build" = 1 ]; then
        echo "build.sh: building $jar"
        (cd "$root" && mvn -B -q -pl app-ui -am package -DskipTests)
    fi
fi
[ -f "$jar" ] || { echo "build.sh: $jar is missing (build it: mvn -B -pl app-ui -am package -DskipTests)" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work/input" "$out"

# 2. the app's files: the jar (on Linux without other platforms' native libraries) and, on Linux,
#    the desktop entry and icons that the package scripts install under /usr/share
cp "$jar" "$work/input/qsfs.jar"
if [ "$os" = linux ]; then
    arch="$(uname -m)"
    case "$arch" in
        x86_64) sqlite_arch=x86_64 zstd_arch=amd64 jna_dir=linux-x86-64 jffi_dir=x86_64-Linux ;;
        aarch64) sqlite_arch=aarch64 zstd_arch=aarch64 jna_dir=linux-aarch64 jffi_dir=aarch64-Linux ;;
        *) sqlite_arch="" ;;
    esac
    if [ -n "$sqlite_arch" ] && command -v zip >/dev/null; then
        before=$(wc -c < "$work/input/qsfs.jar")
        # sqlite-jdbc, zstd-jni, JNA and jffi (jnr-fuse) carry a native library for every OS and CPU;
        # keep this one's
        zip -q -d "$work/input/qsfs.jar" 'org/sqlite/native/*' -x "org/sqlite/native/Linux/$sqlite_arch/*" || true
        zip -q -d "$work/input/qsfs.jar" 'aix/*' 'darwin/*' 'freebsd/*' 'win/*' 'linux/*' -x "linux/$zstd_arch/*" || true
        zip -q -d "$work/input/qsfs.jar" 'com/sun/jna/*jnidispatch*' -x "com/sun/jna/$jna_dir/*" || true
        zip -q -d "$work/input/qsfs.jar" 'jni/*' -x "jni/$jffi_dir/*" || true
        echo "build.sh: jar without other platforms' native libraries: $before -> $(wc -c < "$work/input/qsfs.jar") bytes"
    fi
    mkdir -p "$work/input/share/applications"
    cp "$here/linux/share/qsfs.desktop" "$work/input/share/applications/qsfs.desktop"
    for n in 16 24 32 48 64 128 256 512; do
        mkdir -p "$work/input/share/icons/hicolor/${n}x${n}/apps"
        cp "$root/icons/png/qsfs-$n.png" "$work/input/share/icons/hicolor/${n}x${n}/apps/qsfs.png"
    done
fi

# 3. the runtime: the modules jdeps finds in the jar, and those it cannot see (reflection,
#    ServiceLoader, JNI): TLS with EC keys, Unsafe (Netty, JNA, JavaFX), the daemon's HTTP
#    server, JMX for metrics, zip file systems, Swing interop for the tray icon (javafx-swing)
base_modules="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.net,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs"
found="$("${jdk_bin}jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$(np "$work/input/qsfs.jar")" 2>/dev/null | tail -1 || true)"
modules="$(echo "$base_modules,$found" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)"
echo "build.sh: jdeps found: ${found:-nothing}; runtime modules: $modules"
"${jdk_bin}jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$(np "$work/runtime")"
# the class data sharing archive a JDK ships and jlink (17) does not make: starts the JVM faster
"$work/runtime/bin/java" -Xshare:dump >/dev/null 2>&1 || echo "build.sh: no CDS archive (java -Xshare:dump failed)"
# then drop the JDK's commands (java, keytool, ...): the package starts through its own launcher
if [ "$os" = windows ]; then rm -f "$work/runtime/bin/"*.exe; else rm -rf "$work/runtime/bin"; fi

# 4. jpackage
app_version="$version"
if [ "$os" = mac ] && [ "${version%%.*}" = 0 ]; then
    # jpackage refuses a macOS version whose first number is 0 (CFBundleVersion); until 1.0 the
    # bundle says 1.0.0 and the file name carries the real version
    app_version=1.0.0
fi
common=(--name "$([ "$os" = linux ] && echo qsfs || echo QSFS)"
    --app-version "$app_version"
    --vendor "QSFS"
    --copyright "QSFS developers"
    --description "QSFS, the Quantum Safe Filesystem: one drive, encrypted, erasure-coded and dispersed over many 0-db backends"
    --input "$(np "$work/input")" --main-jar qsfs.jar --main-class org.qsfs.app.cli.QsfsMain
    --runtime-image "$(np "$work/runtime")"
    --dest "$(np "$work/out")")

built=()
for type in "${types[@]}"; do
    rm -rf "$work/out" "$work/tmp"
    args=("${common[@]}" --type "$type" --temp "$(np "$work/tmp")")
    case "$os/$type" in
        linux/deb|linux/rpm|linux/app-image)
            args+=(--icon "$root/icons/qsfs.png")
            if [ "$type" != app-image ]; then
                # no --linux-shortcut: its xdg-desktop-menu step fails on systems without
                # /usr/share/desktop-directories; our package scripts install qsfs.desktop and the
                # icons themselves and put qsfs on the PATH (/usr/bin/qsfs -> /opt/qsfs/bin/qsfs)
                args+=(--linux-package-name qsfs --linux-app-release 1
                    --linux-menu-group "Utility;FileTools;" --linux-app-category utils
                    --resource-dir "$here/linux/$type")
            fi
            # JavaFX's native libraries are inside its jar, so jpackage cannot see that it needs GTK 3
            [ "$type" = deb ] && args+=(--linux-deb-maintainer dev@qsfs.invalid
                --linux-package-deps "libgtk-3-0, libfuse2, fuse3")
            [ "$type" = rpm ] && args+=(--linux-rpm-license-type "see the project" --linux-package-deps "gtk3, fuse-libs, fuse3")
            ;;
        mac/*)
            args+=(--icon "$(np "$root/icons/qsfs.icns")" --mac-package-identifier org.qsfs.app --mac-package-name QSFS
                --arguments app)
            ;;
        windows/*)
            args+=(--icon "$(np "$root/icons/qsfs.ico")" --arguments app
                --add-launcher "qsfs-cli=$(np "$here/windows/qsfs-cli.properties")")
            [ "$type" != app-image ] && args+=(--win-menu --win-menu-group QSFS --win-shortcut --win-dir-chooser
                --win-upgrade-uuid 3485beb6-3441-4e58-90a2-a00ccc4c8867)
            ;;
        *) echo "build.sh: $type is not a package type on $os" >&2; exit 1 ;;
    esac
    echo "build.sh: jpackage --type $type"
    start=$(date +%s)
    "${jdk_bin}jpackage" "${args[@]}"
    for f in "$work/out"/*; do
        name="$(basename "$f")"
        case "$os/$name" in
            mac/*.dmg|mac/*.pkg) name="QSFS-$version.${name##*.}" ;;
        esac
        rm -rf "${out:?}/$name" && mv "$f" "$out/$name"
        built+=("$out/$name")
        echo "build.sh: built $out/$name ($(du -sh "$out/$name" | cut -f1), $(( $(date +%s) - start )) s)"
    done
done
rm -rf "$work/out" "$work/tmp"
printf '%s\n' "${built[@]}" > "$out/built.txt"
