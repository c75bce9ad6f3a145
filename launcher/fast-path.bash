# The launcher's fast path, sourced by ./jbang (bash). It keeps the java command line JBang resolved for a script
# and runs it directly next time, skipping JBang's own JVM (about half a second per call on 2 cores).
#
# An entry (one file per working folder, JBang options, script, terminal or not, and environment length) holds the command line and a fingerprint of
# everything that can change it: the request (working folder, JBang options before the script, the script, alias or
# alias@catalog as typed, every JBANG_* variable, JAVA_HOME, PATH, whether stdin is a terminal) and the SHA-256 of the script, of
# every //SOURCES and //FILES file it pulls in (globs expanded, recursively), of the catalogs that resolve aliases,
# JBang's properties files, the pinned JBang version (launcher/jbang-jars.txt), this launcher, and the JDK's release
# file (its exact build). //DEPS, //JAVA_OPTIONS and every other directive are lines of those files, so their contents
# cover them. The java binary and every classpath entry must still exist. Anything missing, changed or unreadable
# means JBang resolves the script again. A hit costs one sha256sum process. Not seen: a new release behind a //DEPS
# SNAPSHOT or version range (JBang resolves it again only when something above changes; delete the cache to force it).
#
# Entries are written to a temp file and renamed, so concurrent first runs each find a whole entry or write their own.
# Nothing here writes to stdout (it carries --stdout records); a JBang failure is reported as JBang reports it.
#
# AppCDS (JDK 17 has no -XX:+AutoCreateSharedArchive): the first fast-path run of an entry dumps the classes it loaded
# with -XX:ArchiveClassesAtExit into ENTRY.jsa.PID.tmp; a later call renames a finished dump (its JVM gone) to
# ENTRY.jsa, and later runs map it with -XX:SharedArchiveFile. The JVM's logging about archives is off (it would
# go to stdout), and a new entry drops the old archive, so a changed classpath gets a new one.
#
# Settings: COPPICE_FAST_PATH=0 turns the fast path off (plain JBang every time); COPPICE_APPCDS=0 turns the archive
# off; COPPICE_FAST_PATH_DIR moves the cache (default ${XDG_CACHE_HOME:-~/.cache}/coppice-metrics/launcher).

# JBang's subcommands: an argument naming one is a JBang command, not a catalog alias.
fast_jbang_commands=" run build edit init alias catalog trust cache completion jdk version wrapper info app export template config deps help "
fast_sentinel=__coppice_fast_path_arguments__
fast_format="coppice-fast-path-entry 3"

# Tries the fast path for "$@" (the launcher's arguments). Returns only when it does not apply; otherwise it execs the
# script's JVM, or exits with JBang's status when JBang did not resolve a command line.
fast_path_run() {
  local jbang_opts=() ref= script= arg i=0
  # JBang options the fast path understands (they end up in the java command line); any other means plain JBang.
  for arg in "$@"; do
    case $arg in
      -R?* | --runtime-option=?* | --java-options=?*) jbang_opts+=("$arg"); i=$((i + 1)) ;;
      -*) return 0 ;;
      *) ref=$arg; i=$((i + 1)); break ;;
    esac
  done
  [ -n "$ref" ] || return 0
  [ -n "${HOME:-}" ] || [ -n "${COPPICE_FAST_PATH_DIR:-}" ] || return 0
  local script_args=("${@:i+1}")

  local catalogs=() dir=$PWD
  while :; do
    [ -f "$dir/jbang-catalog.json" ] && catalogs+=("$dir/jbang-catalog.json")
    [ -f "$dir/.jbang/jbang-catalog.json" ] && catalogs+=("$dir/.jbang/jbang-catalog.json")
    [ "$dir" = / ] && break
    dir=${dir%/*}; dir=${dir:-/}
  done
  local jbang_home=${JBANG_DIR:-$HOME/.jbang}
  [ -f "$jbang_home/jbang-catalog.json" ] && catalogs+=("$jbang_home/jbang-catalog.json")

  case $ref in
    *.java)
      [ -f "$ref" ] || return 0
      script=$ref ;;
    *@*)
      # alias@catalog: a catalog registered by name (jbang catalog add --name NAME PATH) in one of the catalogs above.
      case ${ref%@*}/${ref#*@} in *[!A-Za-z0-9_/-]* | */*/* | /* | */) return 0 ;; esac
      fast_named_catalog "${ref#*@}" "${catalogs[@]}" || return 0
      catalogs+=("$fast_catalog")
      fast_alias_script "${ref%@*}" "$fast_catalog" || return 0
      script=$fast_alias ;;
    *[!A-Za-z0-9_-]*) return 0 ;;
    *)
      [ -f "$ref" ] && return 0
      case $fast_jbang_commands in *" $ref "*) return 0 ;; esac
      fast_alias_script "$ref" "${catalogs[@]}" || return 0
      script=$fast_alias ;;
  esac
  [ "${script#/}" != "$script" ] || script=$PWD/$script

  local fixed=("$script") p
  for p in "${catalogs[@]}" "$PWD/jbang.properties" "$jbang_home/jbang.properties" "$root/launcher/jbang-jars.txt" \
      "$self" "${BASH_SOURCE[0]}"; do
    [ -f "$p" ] && fixed+=("$p")
  done

  local stdin_tty=no name
  [ -t 0 ] && stdin_tty=yes
  local request=("script=$script" "stdin-tty=$stdin_tty" "JAVA_HOME=${JAVA_HOME:-}" "PATH=$PATH") environment
  for name in ${!JBANG_@}; do
    case $name in JBANG_RUNTIME_SHELL | JBANG_LAUNCH_CMD | JBANG_STDIN_NOTTY | JBANG_JAVA_OPTIONS) ;; *) request+=("$name=${!name}") ;; esac
  done
  printf -v environment '%s\n' "${request[@]}"
  # The entry's name. A terminal and the environment's length are in it, so that cron (no terminal, a short PATH)
  # and an interactive shell keep an entry each rather than replacing each other's at every switch.
  local slot="cwd=$PWD ref=$ref tty=$stdin_tty env=${#environment} ${jbang_opts[*]}"
  local cache=${COPPICE_FAST_PATH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/coppice-metrics/launcher}
  fast_fnv "$slot"
  local stem=$cache/$fast_hash
  local head=$slot$'\n'$environment
  fast_try_entry "$stem" "$head" "${fixed[@]}" -- "${script_args[@]}"

  # Miss. One resolution at a time per entry: JBang's concurrent first builds of one script fail ("Error
  # creating/updating jar"), so a second first run waits here and then finds the entry the first one wrote.
  fast_lock=
  if mkdir -p -- "$cache" 2>/dev/null && command -v flock >/dev/null && { exec {fast_lock}>>"$stem.lock"; } 2>/dev/null; then
    flock "$fast_lock" 2>/dev/null
    fast_try_entry "$stem" "$head" "${fixed[@]}" -- "${script_args[@]}"
  fi
  fast_miss "$stem" "$head" "$script" "${fixed[@]}" -- "${jbang_opts[@]}" -- "$ref" -- "${script_args[@]}"
  [ -n "$fast_lock" ] && exec {fast_lock}>&-
  fast_lock=
  return 0
}

# Resolves the script $3 through JBang, keeps the entry $1.cmd (request $2, the fixed files, then "--", the JBang
# options, "--", the script as typed, "--", its arguments) and runs it. Returns when it cannot keep it.
fast_miss() {
  local stem=$1 head=$2 script=$3 fixed=() jbang_opts=() ref patterns fingerprint
  shift 3
  while [ "$1" != -- ]; do fixed+=("$1"); shift; done
  shift
  while [ "$1" != -- ]; do jbang_opts+=("$1"); shift; done
  ref=$2
  shift 3
  # Find the patterns and fingerprint the files before JBang reads them (an edit while it runs shows next time).
  fast_patterns_of "$script" || return 0
  patterns=("${fast_patterns[@]}")
  fast_expand "${fixed[@]}" -- "${patterns[@]}" || return 0
  fingerprint=$(sha256sum -- "${fast_found[@]}" 2>/dev/null) || return 0
  fast_resolve "${jbang_opts[@]}" -- "$ref" || return 0
  fast_patterns=("${patterns[@]}")
  fast_store "$stem" "$head$fingerprint"
  fast_exec "$stem" "${fast_command[@]}" -- "$@"
}

# Runs the entry $1.cmd when it is whole and current: its //SOURCES and //FILES patterns, expanded now, and the
# contents of what they match (after the fixed files before "--") must give the fingerprint stored, whose first
# lines are the request $2. A changed directive changes its file's hash, so the stored patterns are current when the
# fingerprint matches. Returns when the entry is missing or stale; the script's arguments follow "--".
fast_try_entry() {
  local stem=$1 head=$2 fixed=() lines=() fingerprint
  shift 2
  while [ "$1" != -- ]; do fixed+=("$1"); shift; done
  shift
  if [ -f "$stem.cmd" ] && mapfile -t lines < "$stem.cmd" 2>/dev/null && fast_entry_parse "${lines[@]}" \
      && fast_expand "${fixed[@]}" -- "${fast_patterns[@]}" \
      && fingerprint=$(sha256sum -- "${fast_found[@]}" "${fast_command[0]%/bin/java}/release" 2>/dev/null) \
      && [ "$head$fingerprint" = "$fast_fingerprint" ]; then
    fast_exec "$stem" "${fast_command[@]}" -- "$@"
  fi
}

# Collects into fast_patterns the absolute path patterns of the script's //SOURCES and //FILES lines and of the
# files those pull in, recursively (relative to the file that names them). Fails for a remote source (JBang's job).
fast_patterns_of() {
  fast_patterns=()
  local next=() level=("$1") file line words word pattern source base status=0 IFS=
  local -A seen=(["$1"]=1)
  shopt -s nullglob globstar
  while [ ${#level[@]} -gt 0 ]; do
    next=()
    while IFS= read -r -d '' file && IFS= read -r line; do
      base=${file%/*}
      IFS=$' \t' read -r -a words <<< "${line#//* }"
      for word in "${words[@]}"; do
        case $line in //FILES*) source=${word#*=} ;; *) source=$word ;; esac
        case $source in *://*) status=1; break 3 ;; esac
        [ "${source#/}" != "$source" ] && pattern=$source || pattern=$base/$source
        fast_patterns+=("$pattern")
        case $line in //FILES*) continue ;; esac
        for source in $pattern; do
          [ -n "${seen[$source]:-}" ] && continue
          seen[$source]=1
          next+=("$source")
        done
      done
    done < <(grep -Z -H -E '^//(SOURCES|FILES)[[:space:]]' -- "${level[@]}" 2>/dev/null)
    level=("${next[@]}")
  done
  shopt -u nullglob globstar
  return $status
}

# Leaves in fast_found the files before "--" and what the patterns after it match, each once, in that order.
# Fails when a pattern without wildcards names no file (JBang reports that).
fast_expand() {
  fast_found=()
  local -A seen=()
  local file pattern status=0 IFS=
  while [ "$1" != -- ]; do fast_found+=("$1"); seen[$1]=1; shift; done
  shift
  shopt -s nullglob globstar
  for pattern in "$@"; do
    case $pattern in *[*?[]*) ;; *) [ -e "$pattern" ] || { status=1; break; } ;; esac
    for file in $pattern; do
      [ -n "${seen[$file]:-}" ] && continue
      seen[$file]=1
      fast_found+=("$file")
    done
  done
  shopt -u nullglob globstar
  return $status
}

# Leaves in fast_hash the 64-bit FNV-1a hash of $1 in hex: an entry's file name, computed without a process.
fast_fnv() {
  local text=$1 hash=-3750763034362895579 i code
  for ((i = 0; i < ${#text}; i++)); do
    printf -v code '%d' "'${text:i:1}"
    hash=$(((hash ^ (code & 255)) * 1099511628211))
  done
  printf -v fast_hash '%016x' "$hash"
}

# Leaves in fast_alias the script an alias of the nearest catalog that defines it refers to (relative to that
# catalog's folder); fails when no catalog defines it or it refers to anything but a local .java file.
fast_alias_script() {
  local alias=$1 catalog ref
  shift
  for catalog in "$@"; do
    ref=$(awk -v alias="\"$alias\"" '
      $0 ~ "^[[:space:]]*" alias "[[:space:]]*:[[:space:]]*[{]" { inside = 1; next }
      inside && /"script-ref"[[:space:]]*:/ { sub(/^[^:]*:[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit }
      inside && /^[[:space:]]*}/ { exit }' "$catalog") || return 1
    [ -n "$ref" ] || continue
    case $ref in *.java) ;; *) return 1 ;; esac
    case $ref in *://* | /*) return 1 ;; esac
    [ -f "${catalog%/*}/$ref" ] || return 1
    fast_alias=${catalog%/*}/$ref
    return 0
  done
  return 1
}

# Leaves in fast_catalog the local catalog file that the first of the catalogs after $1 registers under the name $1
# ("catalogs": {"NAME": {"catalog-ref": PATH}}, a path relative to that catalog's folder); fails when none does or
# it is not a local file.
fast_named_catalog() {
  local name=$1 catalog ref
  shift
  for catalog in "$@"; do
    ref=$(awk -v name="\"$name\"" '
      $0 ~ "^[[:space:]]*" name "[[:space:]]*:[[:space:]]*[{]" { inside = 1; next }
      inside && /"catalog-ref"[[:space:]]*:/ { sub(/^[^:]*:[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit }
      inside && /^[[:space:]]*}/ { inside = 0 }' "$catalog") || return 1
    [ -n "$ref" ] || continue
    case $ref in *://*) return 1 ;; esac
    [ "${ref#/}" != "$ref" ] || ref=${catalog%/*}/$ref
    case $ref in */jbang-catalog.json) ;; *) ref=$ref/jbang-catalog.json ;; esac
    [ -f "$ref" ] || return 1
    fast_catalog=$ref
    return 0
  done
  return 1
}

# Reads an entry (its lines as arguments) into fast_patterns, fast_fingerprint and fast_command; fails when it is
# malformed or the java binary or a classpath entry is gone. Layout: the format line, then three sections (patterns,
# fingerprint, command line), each a line count and that many lines.
fast_entry_parse() {
  [ "${1:-}" = "$fast_format" ] || return 1
  shift
  local n
  n=${1:-x}; [[ $n =~ ^[0-9]+$ ]] && [ $# -gt "$n" ] || return 1
  fast_patterns=("${@:2:n}"); shift $((n + 1))
  n=${1:-x}; [[ $n =~ ^[0-9]+$ ]] && [ $# -gt "$n" ] || return 1
  printf -v fast_fingerprint '%s\n' "${@:2:n}"; fast_fingerprint=${fast_fingerprint%$'\n'}; shift $((n + 1))
  n=${1:-x}; [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 2 ] && [ $# -eq $((n + 1)) ] || return 1
  shift
  fast_command=("$@")
  [ -x "$1" ] || return 1
  local arg path previous= IFS=:
  for arg in "$@"; do
    if [ "$previous" = -classpath ] || [ "$previous" = -cp ]; then
      for path in $arg; do [ -e "$path" ] || return 1; done
    fi
    previous=$arg
  done
}

# Asks JBang for the command line of the script $2 (a sentinel in place of the script's arguments) with the JBang
# options before "--", and leaves it in fast_command. When JBang does not resolve one (a build error, ...), prints what
# JBang printed on stdout and exits with its status, as the plain launcher does. Fails when the command line is not
# one to keep (an @argfile, not a java binary): the plain launcher then runs JBang itself.
fast_resolve() {
  local jbang_args=()
  while [ "$1" != -- ]; do jbang_args+=("$1"); shift; done
  jbang_args+=("$2" "$fast_sentinel")

  local output status
  output=$(jbang_main "${jbang_args[@]}")
  status=$?
  if [ $status -ne 255 ]; then
    [ -n "$output" ] && printf '%s\n' "$output"
    exit $status
  fi
  # JBang's bash protocol: one line of shell-quoted words, the java binary first (see ./jbang).
  case $output in *$'\n'* | *" @"*) return 1 ;; esac
  fast_command=()
  eval "fast_command=($output)" 2>/dev/null || return 1
  local last=$((${#fast_command[@]} - 1))
  [ $last -ge 1 ] && [ "${fast_command[last]}" = "$fast_sentinel" ] && [ -x "${fast_command[0]}" ] \
    && [ "${fast_command[0]##*/}" = java ] || return 1
  unset 'fast_command[last]'
  local arg
  for arg in "${fast_command[@]}"; do case $arg in *$'\n'*) return 1 ;; esac; done
}

# Writes the entry $1.cmd: fast_patterns, the fingerprint $2 plus the JDK's release file, fast_command. Through a
# temp file and a rename, so a reader sees the old entry or the new one; silently nothing when the cache is not writable.
fast_store() {
  local stem=$1 fingerprint=$2 release temp count
  release=$(sha256sum -- "${fast_command[0]%/bin/java}/release" 2>/dev/null) || return 0
  fingerprint+=$'\n'$release
  mkdir -p -- "${stem%/*}" 2>/dev/null || return 0
  temp=$(mktemp "$stem.cmd.XXXXXX" 2>/dev/null) || return 0
  count=$(printf '%s\n' "$fingerprint" | wc -l)
  if printf '%s\n' "$fast_format" "${#fast_patterns[@]}" "${fast_patterns[@]}" "$count" "$fingerprint" \
      "${#fast_command[@]}" "${fast_command[@]}" > "$temp" 2>/dev/null && mv -f -- "$temp" "$stem.cmd" 2>/dev/null; then
    # JBang may have rebuilt the script's jar at the same path: the JVM would refuse the old archive, silently.
    rm -f -- "$stem.jsa" 2>/dev/null
    # Entries and archives of other folders or options not read for 30 days (an archive is about 10 MB).
    find "${stem%/*}" -maxdepth 1 -type f -atime +30 -delete 2>/dev/null
  else
    rm -f -- "$temp" 2>/dev/null
  fi
  return 0
}

# Execs the command line before "--" with the script's arguments after it, adding the AppCDS options (see the top).
fast_exec() {
  local stem=$1
  shift
  local command=()
  while [ "$1" != -- ]; do command+=("$1"); shift; done
  shift
  local cds=()
  if [ "${COPPICE_APPCDS:-1}" != 0 ] && [[ " ${command[*]} " != *" -XX:SharedArchiveFile="* ]] \
      && [[ " ${command[*]} " != *" -XX:ArchiveClassesAtExit="* ]]; then
    local dump pid dumping=
    if [ ! -f "$stem.jsa" ]; then
      for dump in "$stem".jsa.*.tmp; do
        [ -f "$dump" ] || continue
        pid=${dump%.tmp}; pid=${pid##*.}
        if kill -0 "$pid" 2>/dev/null; then
          dumping=yes
        elif [ -s "$dump" ]; then
          mv -f -- "$dump" "$stem.jsa" 2>/dev/null
        else
          rm -f -- "$dump" 2>/dev/null
        fi
      done
    fi
    if [ -f "$stem.jsa" ]; then
      cds=("-XX:SharedArchiveFile=$stem.jsa")
    elif [ -z "$dumping" ] && [ -w "${stem%/*}" ]; then
      # exec keeps this shell's PID, so the name says which JVM writes the dump.
      cds=("-XX:ArchiveClassesAtExit=$stem.jsa.$$.tmp")
    fi
    [ ${#cds[@]} -gt 0 ] && cds+=(-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  [ -n "${fast_lock:-}" ] && exec {fast_lock}>&-
  exec "${command[0]}" "${cds[@]}" "${command[@]:1}" "$@"
}
