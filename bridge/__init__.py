"""Pont Matrix/Tchap ↔ assistant Rasa (canal REST).

- ``formatting``   : fonctions pures (boutons → choix numérotés, Markdown → HTML,
  résolution d'une réponse « 1 » ou « faire le diagnostic » en payload) ;
- ``conversation`` : identifiant Rasa d'une conversation (HMAC du salon et de
  l'utilisateur), mémoire des derniers boutons ;
- ``ratelimit``    : une file par salon et au plus un envoi par seconde et par salon ;
- ``config``       : variables d'environnement et fichier ``.env`` ;
- ``fiche``        : la fiche de cadrage en fichier PDF (lien du serveur
  configuré seulement, téléchargement borné, contenu ``m.file`` chiffré ou non) ;
- ``rasa``         : client HTTP du webhook REST de Rasa ;
- ``client``       : le robot Matrix (matrix-nio, chiffrement de bout en bout).

Les quatre premiers modules n'utilisent que la bibliothèque standard, ``fiche``
aussi sauf pour télécharger (aiohttp) : ils sont testés aussi avec
l'environnement de Rasa ; ``rasa`` et ``client`` ont besoin
de l'environnement du pont (``.venv-bridge``, voir ``bridge/requirements.lock``).
"""

__version__ = "1.0.0"
