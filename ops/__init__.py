"""Exploitation : lancement, topologie de production, purge RGPD (voir docs/exploitation.md)."""
