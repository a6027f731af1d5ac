"""``python -m bridge`` : lance le pont Matrix/Tchap ↔ Rasa.

Options :
  --check   vérifie la configuration (variables, dossier de stockage) et s'arrête.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bridge.config import ConfigError, from_env, load_secret


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bridge",
                                     description="Pont Matrix/Tchap vers l'assistant Rasa (canal REST).")
    parser.add_argument("--check", action="store_true",
                        help="vérifie la configuration puis s'arrête")
    args = parser.parse_args(argv)
    try:
        config = from_env()
        secret = load_secret(config)
    except (ConfigError, OSError) as exc:
        print(f"Configuration du pont : {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=getattr(logging, config.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s : %(message)s",
    )
    # nio est bavard (avertissements de déchiffrement, de synchronisation…).
    logging.getLogger("nio").setLevel(logging.ERROR if config.log_level != "DEBUG" else logging.DEBUG)
    if args.check:
        print(f"Configuration valide : {config.user_id} sur {config.homeserver}, "
              f"appareil {config.device_id}, magasin {config.store_dir}, Rasa {config.rasa_url}, "
              + (f"fiches {config.fiches_public_url} jointes en PDF (téléchargées depuis {config.fiches_url})"
                 if config.fiche_files else "fiches en liens seulement"))
        return 0

    from bridge.client import run_bridge  # nio n'est importé que pour lancer le pont

    try:
        asyncio.run(run_bridge(config, secret))
    except ConfigError as exc:
        logging.getLogger("bridge").error("%s", exc)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
