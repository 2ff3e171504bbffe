# bash completion for slicalc(1); `make install` puts it where
# bash-completion finds it ($(PREFIX)/share/bash-completion/completions/
# slicalc), or source it from ~/.bashrc.
#
# Self-contained: it needs bash's compgen only, not the bash-completion
# package's helpers. The lists below are the program's own:
# tests/install.sh checks each command's options against
# `slicalc COMMAND --help` and the option table (src/cli/cli_opts.c),
# and the -o values against what each command accepts.

_slicalc_commands="report routes check tail merge backtest prometheus-rules help"

# _slicalc_options COMMAND: the options COMMAND takes, one per line.
_slicalc_options()
{
	case $1 in
	report)
		echo -r --rules -o --output --format --log-format --top --width \
			--since --until --by --tz --by-endpoint --at \
			--fail-on-budget --fail-below --save-state -j --jobs \
			-q --quiet -h --help ;;
	routes)
		echo -r --rules --group-by -o --output --max-endpoints --top \
			--suggest --format --log-format --since --until \
			-j --jobs -q --quiet -h --help ;;
	check)
		echo -r --rules -o --output --format --log-format --since \
			--until -j --jobs -q --quiet -h --help ;;
	tail)
		echo -r --rules -o --output --format --log-format --interval \
			--window --listen --textfile --from-start --state --top \
			--width -q --quiet -h --help ;;
	merge)
		echo -o --output --top --width --save-state --by --tz --at \
			--fail-on-budget --fail-below -q --quiet -h --help ;;
	backtest)
		echo -r --rules -o --output --format --log-format --since \
			--until -j --jobs -q --quiet -h --help ;;
	prometheus-rules)
		echo -r --rules --out -h --help ;;
	esac | tr ' ' '\n'
}

# _slicalc_outputs COMMAND: the values -o takes for COMMAND.
_slicalc_outputs()
{
	case $1 in
	report | merge) echo table json csv markdown html ;;
	routes) # yaml is --suggest's output, and its only one
		case " ${COMP_WORDS[*]} " in
		*" --suggest "*) echo yaml ;;
		*) echo table json csv ;;
		esac ;;
	check) echo table json markdown ;;
	tail | backtest) echo table json ;;
	esac
}

# Files, directories and, for -r, only YAML files (and directories to
# walk into).
_slicalc_files()
{
	compopt -o filenames 2>/dev/null
	# one name per line, read whole: names with spaces stay one word
	local f
	if [ "$1" = yaml ]; then
		while IFS= read -r f; do COMPREPLY+=("$f"); done < <(
			{
				compgen -d -- "$2"
				compgen -f -X '!*.yaml' -- "$2"
				compgen -f -X '!*.yml' -- "$2"
			} | sort -u # a directory named x.yaml once, not twice
		)
	else
		while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -f -- "$2")
	fi
}

# _slicalc_value COMMAND OPTION CUR: complete the argument of OPTION;
# returns 1 when OPTION takes none.
_slicalc_value()
{
	local cmd=$1 opt=$2 cur=$3 vals=
	case $opt in
	-r | --rules) _slicalc_files yaml "$cur"; return 0 ;;
	--save-state | --state | --out | --textfile)
		_slicalc_files any "$cur"; return 0 ;;
	-o | --output) vals=$(_slicalc_outputs "$cmd") ;;
	--format) vals="auto nginx rails lograge json" ;;
	--by) vals="hour day week month quarter" ;;
	--group-by) vals="route path action" ;;
	--tz)
		vals=$(cd "${TZDIR:-/usr/share/zoneinfo}" 2>/dev/null &&
			find . -type f ! -name '*.*' ! -path './posix/*' \
				! -path './right/*' 2>/dev/null | sed 's|^\./||')
		vals="UTC $vals" ;;
	--log-format | --top | --width | --since | --until | --at | \
		--fail-below | -j | --jobs | --interval | --window | --listen | \
		--max-endpoints)
		return 0 ;; # free text: nothing to offer
	*) return 1 ;;
	esac
	COMPREPLY+=($(compgen -W "$vals" -- "$cur"))
	return 0
}

_slicalc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i
	COMPREPLY=()
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		case $cur in
		-*) COMPREPLY=($(compgen -W "-h --help -V --version" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$_slicalc_commands" -- "$cur")) ;;
		esac
		return 0
	fi
	if [ "$cmd" = help ]; then
		[ "$prev" = help ] &&
			COMPREPLY=($(compgen -W "${_slicalc_commands% help}" -- "$cur"))
		return 0
	fi

	# --opt=value, whether or not '=' breaks words (COMP_WORDBREAKS)
	if [[ $cur == --*=* ]]; then
		local opt=${cur%%=*}
		_slicalc_value "$cmd" "$opt" "${cur#*=}" &&
			COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
		return 0
	fi
	if [ "$cur" = = ] && [[ $prev == --* ]]; then
		_slicalc_value "$cmd" "$prev" ""
		return 0
	fi
	if [ "$prev" = = ] && [ "$COMP_CWORD" -ge 2 ]; then
		_slicalc_value "$cmd" "${COMP_WORDS[COMP_CWORD - 2]}" "$cur"
		return 0
	fi
	# --fail-on-budget takes its SLIs only as --fail-on-budget=SLI,...
	if [ "$prev" != --fail-on-budget ] && [[ $prev == -* ]] &&
		_slicalc_value "$cmd" "$prev" "$cur"; then
		return 0
	fi
	case $cur in
	-*) COMPREPLY=($(compgen -W "$(_slicalc_options "$cmd")" -- "$cur")) ;;
	*) [ "$cmd" != prometheus-rules ] && _slicalc_files any "$cur" ;;
	esac
	return 0
}

complete -F _slicalc slicalc
