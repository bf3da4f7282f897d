#!/usr/bin/env bash
# tests/layers.sh — the modules of src/ in layers, lowest first; a module
# may include only modules of its own layer or below (make unit runs it).
# A new module must be placed here.
set -euo pipefail
cd "$(dirname "$0")/../src"

layers=(
	"banned util log names template"
	"dialect catalog xmldoc toml registry migrator"
	"delta schema jdbc render ddl conn introspect"
	"plan"
	"run"
	"classify diff readiness apply"
	"pipeline verdict"
	"report report_css"
	"cli config testhooks"
	"main"
)
declare -A layer
for i in "${!layers[@]}"; do
	for m in ${layers[$i]}; do layer[$m]=$i; done
done

bad=0
for f in *.c *.h; do
	m=${f%.*}
	case $m in report_*) m=report ;; esac
	if [ -z "${layer[$m]+x}" ]; then
		echo "layers: $f: module $m is in no layer (tests/layers.sh)"; bad=1; continue
	fi
	for inc in $(sed -n 's/^#include "\([a-z_0-9]*\)\.h".*/\1/p' "$f"); do
		case $inc in report_*) inc=report ;; esac
		[ -n "${layer[$inc]+x}" ] || { echo "layers: $f includes $inc.h, in no layer"; bad=1; continue; }
		if [ "${layer[$inc]}" -gt "${layer[$m]}" ]; then
			echo "layers: $f (layer ${layer[$m]}: ${layers[${layer[$m]}]}) includes $inc.h, a layer above (${layers[${layer[$inc]}]})"
			bad=1
		fi
	done
done
[ $bad = 0 ] && echo "layers: every include points down or across"
exit $bad
