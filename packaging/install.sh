#!/bin/sh
# Install the frozen galton for this user (or under PREFIX): the app folder, a `galton` command,
# the menu entry, the icons, the AppStream metainfo and the .galton file type. Run it from the unpacked tarball:
#     ./install.sh                 # into ~/.local
#     PREFIX=/opt/galton ./install.sh
# Remove with:  ./install.sh --uninstall
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
id=invalid.example.Galton
files="share/applications/$id.desktop share/metainfo/$id.metainfo.xml
share/mime/packages/$id.xml share/icons/hicolor/scalable/apps/$id.svg"
for size in 16 24 32 48 64 128 256 512; do
  files="$files share/icons/hicolor/${size}x${size}/apps/$id.png"
done

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$prefix/lib/galton"
  rm -f "$prefix/bin/galton"
  for f in $files; do rm -f "$prefix/$f"; done
  command -v update-mime-database >/dev/null 2>&1 &&
    update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
  echo "galton removed from $prefix"
  exit 0
fi

mkdir -p "$prefix/lib" "$prefix/bin"
rm -rf "$prefix/lib/galton"
cp -R "$here/galton" "$prefix/lib/galton"
ln -sf "$prefix/lib/galton/galton" "$prefix/bin/galton"
for f in $files; do
  mkdir -p "$(dirname "$prefix/$f")"
  cp "$here/$f" "$prefix/$f"
done
# The menu entry runs the installed program even when $prefix/bin is not on PATH.
sed -i "s|^Exec=galton|Exec=$prefix/bin/galton|; s|^TryExec=galton|TryExec=$prefix/bin/galton|" \
  "$prefix/share/applications/$id.desktop"
command -v update-desktop-database >/dev/null 2>&1 &&
  update-desktop-database -q "$prefix/share/applications" || true
# .galton files open with galton (a double-click, "Open with").
command -v update-mime-database >/dev/null 2>&1 &&
  update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 &&
  gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "galton installed in $prefix (run: $prefix/bin/galton)"
