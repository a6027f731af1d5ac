# Sourcé par ops/rasa.sh et ops/actions.sh : charge .env (KEY=VALEUR par ligne,
# # pour les commentaires) sans l'exécuter. Une variable déjà définie dans
# l'environnement l'emporte sur .env. AMO_NO_DOTENV=1 : .env ignoré.
load_dotenv() {
  local file=${1:-.env} line key value
  [ -z "${AMO_NO_DOTENV:-}" ] && [ -f "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case "$line" in ''|'#'*) continue ;; esac
    key=${line%%=*}
    value=${line#*=}
    [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    [ -n "${!key+x}" ] && continue
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
    export "$key=$value"
  done <"$file"
}
