#!/bin/sh
# deps.sh -- install the Debian packages the book needs, if any are missing.
# Fast when everything is there (it only looks), so `make` runs it every time.
set -eu

missing=
want() { missing="$missing $1"; }

command -v notangle >/dev/null || want noweb
command -v pandoc >/dev/null || want pandoc
# The checkpoints build their ISO with grub-mkimage (GRUB core image) and xorriso.
command -v grub-mkimage >/dev/null || want grub-common
[ -f /usr/lib/grub/i386-pc/multiboot2.mod ] || want grub-pc-bin
command -v xorriso >/dev/null || want xorriso
command -v qemu-system-i386 >/dev/null || want qemu-system-x86
command -v dot >/dev/null || want graphviz
command -v gcc >/dev/null || want gcc
command -v ld >/dev/null || want binutils
command -v make >/dev/null || want make
# The top Makefile compiles the checkpoints through ccache: chapter N+1's
# checkpoint holds most of chapter N's files unchanged, so most of the
# 800-odd compilations of a clean make are repeats (README has the figures).
command -v ccache >/dev/null || want ccache
# 64-bit division in 32-bit code calls libgcc's __udivdi3 and friends.
gcc -m32 -print-libgcc-file-name 2>/dev/null | grep -q '/32/' || want lib32gcc-12-dev
[ -f /usr/share/seabios/bios.bin ] || want seabios
command -v chromium >/dev/null || want chromium
command -v node >/dev/null || want nodejs
command -v npm >/dev/null || want npm
command -v realpath >/dev/null || want coreutils
# make fuzz and make test: libFuzzer is clang's -fsanitize=fuzzer, whose
# runtime (libclang_rt.fuzzer) Debian ships in libclang-rt-14-dev.
command -v clang >/dev/null || want clang
[ -f "$(clang -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-x86_64.a" ] || want libclang-rt-14-dev
# make debug: gdb attached to QEMU's gdb stub; ss finds a free port for it.
command -v gdb >/dev/null || want gdb
command -v ss >/dev/null || want iproute2
# The offline book (make, make test): epubcheck validates the EPUB; it is a
# Java program, so Debian brings a Java runtime with it (about 190 MB
# installed; see README). pdfinfo and pdftotext (poppler-utils) check the
# PDF, unzip opens the EPUB for the check of its contents.
[ -f /usr/share/java/epubcheck.jar ] || want epubcheck
command -v java >/dev/null || want default-jre-headless
command -v pdftotext >/dev/null || want poppler-utils
command -v unzip >/dev/null || want unzip

[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "deps: need root or sudo to install$missing" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
