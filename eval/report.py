"""docs/quality.md from ``results/eval/metrics.json`` (see eval.run).

:func:`build` is pure (metrics dict → Markdown text, unit-tested);
:func:`write` also draws the images. Findings and recommendations are derived
from the numbers, so that a regenerated report never contradicts itself.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from eval import metrics

TARGET_MACRO_F1 = 0.95
NAMES = {"ours": "nôtre (config.yml)", "baseline": "référence (config.baseline.yml)"}
IMAGES = {
    "matrix": "cv-confusion-matrix.png",
    "cv_f1": "cv-f1-per-intent.png",
    "holdout_f1": "holdout-f1-per-intent.png",
    "compare": "ours-vs-baseline.png",
}


# -- formatting ---------------------------------------------------------------------

def num(x: Optional[float], digits: int = 3) -> str:
    """French decimal comma; « — » for a missing value."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.{digits}f}".replace(".", ",")


def pct(x: Optional[float], digits: int = 0) -> str:
    return "—" if x is None else f"{num(100 * x, digits)} %"


def seconds(x: Optional[float]) -> str:
    if x is None:
        return "—"
    if x >= 120:
        return f"{int(x // 60)} min {int(round(x % 60)):02d} s"
    return f"{num(x, 1)} s"


def times(r: Optional[float]) -> str:
    """A ratio ours/baseline, « ×1,23 »."""
    return "—" if r is None else f"×{num(r, 2)}"


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def quote(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return "« " + (text if len(text) <= limit else text[: limit - 1] + "…") + " »"


def _get(d: Optional[Dict[str, Any]], *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


# -- sections -------------------------------------------------------------------------

def _header(m: Dict[str, Any]) -> List[str]:
    meta = m.get("meta", {})
    dirty = meta.get("dirty_inputs") or []
    lines = [
        "# Qualité de l'assistant : compréhension, dialogue, performances",
        "",
        "> Rapport généré par `make eval` (`scripts/eval.sh` → `python -m eval.run`) : "
        "ne pas le modifier à la main, le régénérer.",
        "",
        f"- Mesuré le **{str(meta.get('date', '—')).replace('T', ' à ')}**, commit `{meta.get('commit', '—')}`"
        + (f" **avec des modifications non commitées** ({', '.join(dirty[:8])}"
           + ("…" if len(dirty) > 8 else "") + ")" if dirty else "") + ".",
        f"- Rasa {meta.get('rasa_version', '—')}, Python {meta.get('python', '—')}, "
        f"{meta.get('cpus', '—')} cœurs ; charge moyenne de la machine au début "
        f"{num(_get(meta, 'loadavg_start', ) and meta['loadavg_start'][0], 1)}, à la fin "
        f"{num(meta.get('loadavg_end') and meta['loadavg_end'][0], 1)}"
        + (f" ; durée de la mesure {seconds(meta.get('duration_s'))}." if meta.get("duration_s") else "."),
        f"- Données NLU modifiées pour la dernière fois le {meta.get('nlu_last_modified', '—')}.",
    ]
    if meta.get("inputs_changed_during_run"):
        lines.append(f"- ⚠️ data/, domain.yml ou la configuration ont été modifiés pendant la mesure : "
                     f"tout a été mesuré sur la copie prise au début ({meta.get('snapshot', '—')}, "
                     f"`{meta.get('data_used', 'results/eval/inputs')}`) ; les modifications "
                     "suivantes ne sont pas mesurées.")
    if meta.get("epochs_override"):
        lines.append(f"- ⚠️ **Exécution de développement** : époques ramenées à "
                     f"{meta['epochs_override']} — chiffres sans valeur.")
    lines.append("")
    return lines


def _summary(m: Dict[str, Any]) -> List[str]:
    cv = _get(m, "cv", "ours", "intent")
    ours, base = _get(m, "models", "ours") or {}, _get(m, "models", "baseline") or {}
    diet = _get(m, "cv", "ours", "entities", "DIETClassifier")
    rows = []
    if cv:
        ok = cv["macro_f1"] >= TARGET_MACRO_F1
        rows.append([f"Macro-F1 des intentions, validation croisée {m['meta'].get('folds', 5)} plis "
                     f"({cv['n']} exemples)", f"**{num(cv['macro_f1'])}**",
                     f"≥ {num(TARGET_MACRO_F1, 2)} " + ("✅ atteint" if ok else "❌ non atteint")])
    if diet:
        rows.append(["F1 des entités annotées (DIET, micro, validation croisée)",
                     num(diet.get("micro_f1")), ""])
    h_ours, h_base = _get(ours, "holdout_nlu"), _get(base, "holdout_nlu")
    if h_ours:
        rows.append([f"Macro-F1 des intentions, jeu tenu à l'écart ({h_ours['n']} messages)",
                     f"**{num(h_ours['macro_f1'])}**"
                     + (f" (référence : {num(h_base['macro_f1'])})" if h_base else ""), ""])
        rows.append(["F1 des entités, jeu tenu à l'écart (type, valeur et position exacts)",
                     num(h_ours["entities"]["micro"]["f1-score"])
                     + (f" (référence : {num(h_base['entities']['micro']['f1-score'])})" if h_base else ""), ""])
    for key, label in (("core_holdout", "Conversations tenues à l'écart menées sans erreur"),
                       ("core_e2e", "Histoires de test tests/e2e/ réussies")):
        r = _get(ours, key)
        if r:
            other = _get(base, key)
            rows.append([label, f"**{r['correct']}/{r['total']}** ({pct(r['conversation_accuracy'])})"
                         + (f" (référence : {other['correct']}/{other['total']})" if other else ""), ""])
    if _get(ours, "train"):
        rows.append(["Entraînement complet (NLU + dialogue), temps réel",
                     seconds(ours["train"]["wall_s"]), ""])
    if ours.get("size_mb") is not None:
        rows.append(["Taille du modèle", f"{num(ours['size_mb'], 1)} Mo", ""])
    if _get(ours, "server", "start_s") is not None:
        rows.append(["Démarrage du serveur (`rasa run` → premier 200 sur `GET /`)",
                     seconds(ours["server"]["start_s"]), ""])
    if _get(ours, "latency"):
        lat = ours["latency"]
        rows.append(["Latence NLU par message (`/model/parse`), médiane / p95",
                     f"{num(lat['median_ms'], 0)} ms / {num(lat['p95_ms'], 0)} ms", ""])
    if _get(ours, "train", "maxrss_mb") is not None:
        rows.append(["Mémoire maximale : entraînement / serveur",
                     f"{num(ours['train']['maxrss_mb'] / 1024, 2)} Go / "
                     + (f"{num(_get(ours, 'server', 'memory_after_parsing', 'rss_mb'), 0)} Mo"
                        if _get(ours, "server", "memory_after_parsing") else "—"), ""])
    if not rows:
        return []
    return ["## En bref", "", table(["Mesure", "Valeur", "Objectif"], rows), ""]


def _cv_section(m: Dict[str, Any], images: str) -> List[str]:
    cv = _get(m, "cv", "ours")
    if not cv:
        return []
    intent = cv["intent"]
    folds = m["meta"].get("folds", 5)
    lines = [
        f"## 1. Compréhension (NLU) : validation croisée à {folds} plis",
        "",
        f"`rasa test nlu --cross-validation --folds {folds} --config config.yml --nlu data/nlu` : "
        f"chaque exemple d'entraînement est prédit par un modèle qui ne l'a pas vu. "
        f"{intent['n']} exemples, {intent['n_errors']} erreurs, exactitude {num(intent['accuracy'])}, "
        f"**macro-F1 {num(intent['macro_f1'])}** (moyenne non pondérée du F1 des "
        f"{len(intent['labels'])} intentions ; F1 pondéré {num(intent.get('weighted_f1'))}). "
        f"Comme Rasa, la prédiction `nlu_fallback` est ici remplacée par l'intention la plus "
        f"probable. Durée : {seconds(_get(cv, 'run', 'wall_s'))}.",
        "",
        f"![F1 par intention]({images}/{IMAGES['cv_f1']})",
        "",
        "### Par intention (du plus faible au plus fort F1)",
        "",
    ]
    rows = sorted(intent["labels"].items(), key=lambda kv: (kv[1]["f1-score"], kv[0]))
    lines.append(table(["Intention", "Précision", "Rappel", "F1", "Exemples"], [
        [f"`{label}`", num(r["precision"]), num(r["recall"]),
         ("**" + num(r["f1-score"]) + "**") if r["f1-score"] < TARGET_MACRO_F1 else num(r["f1-score"]),
         int(r["support"])]
        for label, r in rows
    ]))
    lines += ["", "### Les vingt confusions les plus fréquentes", ""]
    worst = intent.get("worst_confusions") or []
    if worst:
        lines.append(table(["#", "Attendue", "Prédite", "Erreurs", "Part de l'attendue", "Exemple"], [
            [i + 1, f"`{w['gold']}`", f"`{w['predicted']}`", w["count"],
             pct(w.get("share_of_gold"), 1), quote(w["examples"][0]) if w.get("examples") else ""]
            for i, w in enumerate(worst)
        ]))
    else:
        lines.append("Aucune confusion.")
    lines += ["", f"![Matrice de confusion]({images}/{IMAGES['matrix']})", ""]
    entities = cv.get("entities") or {}
    diet = entities.get("DIETClassifier")
    lines += ["### Entités", ""]
    if diet:
        lines.append(
            "Évaluation de Rasa (par jeton, validation croisée) des entités annotées dans "
            "data/nlu et apprises par DIET :")
        lines += ["", table(["Entité", "Précision", "Rappel", "F1", "Jetons"], [
            [f"`{label}`", num(r["precision"]), num(r["recall"]), num(r["f1-score"]), int(r["support"])]
            for label, r in sorted(diet["labels"].items())
        ] + [["**micro**", "", "", f"**{num(diet.get('micro_f1'))}**", ""]]), ""]
    lines += [
        "Les montants, populations et dates (`amount`, `population`, `date`) ne sont pas appris : "
        "`FrenchNumbersExtractor` les extrait de façon déterministe (`assistant/amounts.py`, tests "
        "unitaires dans tests/assistant/). Ils ne sont pas annotés dans data/nlu, donc pas "
        "mesurables en validation croisée ; ils le sont sur le jeu tenu à l'écart (section 3).",
        "",
    ]
    return lines


def _story_error(e: Dict[str, Any]) -> str:
    if e["kind"] == "action":
        return f"action `{e['expected']}` → `{e['predicted']}`"
    if e["kind"] == "intent":
        return f"intention `{e['expected']}` → `{e['predicted']}`" + (
            f" ({quote(e['message'], 60)})" if e.get("message") else "")
    if e.get("message"):   # right intent, the message as the NLU annotated it
        return f"entités {quote(e['message'], 80)}"
    return f"entité `{e['expected']}` → `{e['predicted']}`"


def _story_failures(result: Dict[str, Any], limit: int = 20) -> List[str]:
    lines = []
    for story in (result.get("failed") or [])[:limit]:
        errors = "; ".join(_story_error(e) for e in story["errors"][:3]) or \
            "entités (un tour aux entités inexactes, non signalé en détail par Rasa)"
        lines.append(f"- *{story['story']}* : {errors}")
    extra = len(result.get("failed") or []) - limit
    if extra > 0:
        lines.append(f"- … et {extra} autres (voir `results/eval/`).")
    return lines


def _dialogue_section(m: Dict[str, Any]) -> List[str]:
    ours = _get(m, "models", "ours") or {}
    base = _get(m, "models", "baseline") or {}
    if not (ours.get("core_e2e") or ours.get("core_holdout")):
        return []
    lines = ["## 2. Dialogue : conversations de bout en bout", "",
             "`rasa test core --e2e` (sans `--fail-on-prediction-errors`) : une conversation est "
             "réussie si, à chaque tour, l'intention, les entités (type, valeur, position) **et** "
             "l'action prédites sont celles attendues. `--e2e` fait passer le texte de chaque tour "
             "par la NLU ; sans lui, Rasa reprend l'intention écrite dans l'histoire et ne teste que "
             "les politiques de dialogue. Les actions personnalisées ne sont pas exécutées "
             "(c'est le rôle de tests/conversation/).", ""]
    rows = []
    for key, label in (("core_e2e", "tests/e2e/ (connues de l'équipe)"),
                       ("core_holdout", "tests/holdout/test_stories.yml (tenues à l'écart)")):
        for name, model in (("ours", ours), ("baseline", base)):
            r = model.get(key)
            if not r:
                continue
            kinds = r.get("failed_by_kind") or {}
            rows.append([label, NAMES[name], r["total"], f"{r['correct']}/{r['total']}",
                         pct(r["conversation_accuracy"]), num(r.get("step_accuracy")),
                         kinds.get("intent", 0), kinds.get("entities", 0), kinds.get("action", 0)])
    lines.append(table(["Histoires", "Modèle", "Nombre", "Réussies", "Part", "Exactitude des prédictions",
                        "…dont échec d'intention", "…d'entités", "…d'action"], rows))
    lines += ["", "(Exactitude des prédictions : part des intentions, entités et actions justes, "
              "tous tours confondus ; une histoire peut échouer pour plusieurs raisons.)", ""]
    for key, label in (("core_holdout", "tenues à l'écart"), ("core_e2e", "tests/e2e/")):
        r = ours.get(key)
        if r and r.get("failed"):
            lines += [f"Échecs du modèle nôtre, histoires {label} :", ""] + _story_failures(r) + [""]
    return lines


def show_entities(entities: Sequence[Dict[str, Any]], text: str) -> str:
    def one(e: Dict[str, Any]) -> str:
        span = text[e["start"]:e["end"]] if isinstance(e.get("start"), int) and isinstance(e.get("end"), int) else None
        if span is None:
            return f"{e['entity']}={e['value']}"
        return f"{e['entity']} « {span} »" + ("" if str(e["value"]) == span else f" → {e['value']}")

    return ", ".join(one(e) for e in entities) or "aucune"


def _row(label: str, ours: Optional[float], base: Optional[float], fmt, better: str) -> List[str]:
    """better: 'high' or 'low' — which side wins is written in the last column."""
    r = metrics.ratio(ours, base)
    if ours is None or base is None:
        winner = ""
    elif math.isclose(ours, base, rel_tol=0.02, abs_tol=1e-9):
        winner = "égalité (± 2 %)"
    else:
        ours_wins = ours > base if better == "high" else ours < base
        winner = "nôtre" if ours_wins else "**référence**"
    return [label, fmt(ours), fmt(base), times(r), winner]


def comparison_rows(m: Dict[str, Any]) -> List[List[str]]:
    o = _get(m, "models", "ours") or {}
    b = _get(m, "models", "baseline") or {}
    g = _get
    rows = [
        _row("Macro-F1 intentions, tenu à l'écart", g(o, "holdout_nlu", "macro_f1"),
             g(b, "holdout_nlu", "macro_f1"), num, "high"),
        _row("Macro-F1 intentions, tel que servi (repli = erreur)", g(o, "holdout_nlu", "macro_f1_served"),
             g(b, "holdout_nlu", "macro_f1_served"), num, "high"),
        _row("Exactitude intentions, tenu à l'écart", g(o, "holdout_nlu", "intent", "accuracy"),
             g(b, "holdout_nlu", "intent", "accuracy"), num, "high"),
        _row("Taux de repli (`nlu_fallback`), tenu à l'écart", g(o, "holdout_nlu", "fallback_rate"),
             g(b, "holdout_nlu", "fallback_rate"), pct, "low"),
        _row("F1 entités (exact), tenu à l'écart", g(o, "holdout_nlu", "entities", "micro", "f1-score"),
             g(b, "holdout_nlu", "entities", "micro", "f1-score"), num, "high"),
        _row("Conversations tenues à l'écart réussies", g(o, "core_holdout", "conversation_accuracy"),
             g(b, "core_holdout", "conversation_accuracy"), pct, "high"),
        _row("Histoires tests/e2e/ réussies", g(o, "core_e2e", "conversation_accuracy"),
             g(b, "core_e2e", "conversation_accuracy"), pct, "high"),
        _row("Latence NLU médiane (ms)", g(o, "latency", "median_ms"), g(b, "latency", "median_ms"),
             lambda x: num(x, 1), "low"),
        _row("Latence NLU p95 (ms)", g(o, "latency", "p95_ms"), g(b, "latency", "p95_ms"),
             lambda x: num(x, 1), "low"),
        _row("Entraînement complet, temps réel", g(o, "train", "wall_s"), g(b, "train", "wall_s"),
             seconds, "low"),
        _row("Entraînement complet, temps CPU", g(o, "train", "cpu_s"), g(b, "train", "cpu_s"),
             seconds, "low"),
        _row("…dont composants NLU entraînés (DIET…)", g(o, "train", "nlu_s"), g(b, "train", "nlu_s"),
             seconds, "low"),
        _row("Mémoire maximale à l'entraînement (Mo)", g(o, "train", "maxrss_mb"),
             g(b, "train", "maxrss_mb"), lambda x: num(x, 0), "low"),
        _row("Taille du modèle (Mo)", g(o, "size_mb"), g(b, "size_mb"), lambda x: num(x, 1), "low"),
        _row("Démarrage du serveur", g(o, "server", "start_s"), g(b, "server", "start_s"), seconds, "low"),
        _row("Mémoire du serveur après les requêtes (Mo)",
             g(o, "server", "memory_after_parsing", "rss_mb"),
             g(b, "server", "memory_after_parsing", "rss_mb"), lambda x: num(x, 0), "low"),
    ]
    return [r for r in rows if r[1] != "—" or r[2] != "—"]


def _holdout_section(m: Dict[str, Any], images: str) -> List[str]:
    o = _get(m, "models", "ours", "holdout_nlu")
    b = _get(m, "models", "baseline", "holdout_nlu")
    hs = m.get("holdout_set") or {}
    if not o:
        return []
    lines = [
        "## 3. Nôtre contre référence, côte à côte (même exécution)",
        "",
        f"Jeu tenu à l'écart : {hs.get('messages', o['n'])} messages jamais vus à l'entraînement — "
        f"les {hs.get('from_stories', '?')} messages des {hs.get('stories', '?')} conversations de "
        f"tests/holdout/test_stories.yml et {hs.get('from_nlu', '?')} exemples de tests/holdout/nlu.yml, "
        f"{len(hs.get('intents') or {}) or '?'} intentions (vérifié : aucun texte présent dans data/nlu). "
        "Les deux modèles sont servis par `rasa run --enable-api` et interrogés par `/model/parse`, "
        "en alternance message par message. Référence : WhitespaceTokenizer + CountVectorsFeaturizer "
        "(mots, et n-grammes de caractères 1–4) + le même DIETClassifier (mêmes époques, graine et "
        "taille) + FrenchNumbersExtractor, EntitySynonymMapper, FallbackClassifier, mêmes politiques. "
        "Nôtre : config.yml (normalisation ; intentions par régression logistique sur n-grammes de "
        "mots et de caractères du texte replié, moyennée avec une régression sur le plongement de "
        "la phrase, components/linear_intent.py ; entités par DIET sur "
        "les traits spaCy fr_core_news_sm, lexicaux et n-grammes 2–5).",
        "",
        table(["Mesure", NAMES["ours"], NAMES["baseline"], "Rapport nôtre/réf.", "Meilleur"],
              comparison_rows(m)),
        "",
        f"![Nôtre contre référence]({images}/{IMAGES['compare']})",
        "",
    ]
    if o.get("macro_f1_by_source"):
        src = o["macro_f1_by_source"]
        bsrc = (b or {}).get("macro_f1_by_source") or {}
        lines += ["Macro-F1 selon l'origine des messages : "
                  + " ; ".join(f"{'conversations' if k == 'stories' else 'exemples isolés'} "
                               f"{num(v)}" + (f" (référence {num(bsrc.get(k))})" if b else "")
                               for k, v in src.items()) + ".", ""]
    lines += [f"![F1 par intention, tenu à l'écart]({images}/{IMAGES['holdout_f1']})", ""]
    ents = o["entities"]["labels"]
    bents = (b or {}).get("entities", {}).get("labels", {})
    lines += ["### Entités sur le jeu tenu à l'écart", "",
              "Une entité est juste si son type, sa valeur (après synonymes) et sa position sont "
              "exacts ; entre parenthèses, le F1 quand seule la valeur compte.", "",
              table(["Entité", "Attendues", "F1 nôtre", "F1 référence"], [
                  [f"`{name}`", int(r["support"]),
                   f"{num(r['f1-score'])} ({num(_get(o, 'entities_value_only', 'labels', name, 'f1-score'))})",
                   (f"{num(bents[name]['f1-score'])} "
                    f"({num(_get(b, 'entities_value_only', 'labels', name, 'f1-score'))})")
                   if name in bents else "—"]
                  for name, r in sorted(ents.items())
              ]), ""]
    errors = o.get("errors") or []
    if errors:
        lines += [f"### Intentions mal reconnues par le modèle nôtre ({len(errors)} messages)", "",
                  table(["Message", "Attendue", "Prédite", "Confiance"], [
                      [quote(e["text"], 70), f"`{e['gold']}`", f"`{e['predicted']}`",
                       num(e.get("confidence"), 2)]
                      for e in errors[:40]
                  ]), ""]
        if len(errors) > 40:
            lines += [f"… et {len(errors) - 40} autres (`results/eval/holdout-predictions-ours.jsonl`).", ""]
    ent_errors = o.get("entity_errors") or []
    if ent_errors:
        lines += [f"### Entités inexactes, modèle nôtre ({len(ent_errors)} messages)", "",
                  "(entité « texte repéré » → valeur)", "",
                  table(["Message", "Attendues", "Extraites"], [
                      [quote(e["text"], 70), show_entities(e["gold"], e["text"]),
                       show_entities(e["predicted"], e["text"])]
                      for e in ent_errors[:25]
                  ]), ""]
    return lines


def findings(m: Dict[str, Any]) -> List[str]:
    """Findings and recommendations derived from the numbers."""
    out: List[str] = []
    consistency = m.get("intent_consistency") or {}
    if consistency.get("in_nlu_not_in_domain") or consistency.get("in_domain_not_in_nlu"):
        out.append(
            "**Intentions incohérentes entre data/nlu et domain.yml** : "
            + "; ".join(
                f"{label} : " + ", ".join(f"`{i}`" for i in consistency[key])
                for key, label in (("in_nlu_not_in_domain", "dans data/nlu seulement"),
                                   ("in_domain_not_in_nlu", "dans domain.yml seulement"))
                if consistency.get(key))
            + ". Le modèle prédit une intention que les règles et histoires ne connaissent "
            "pas : les messages correspondants ne déclenchent pas l'action prévue. Renommer "
            "l'intention dans data/nlu (ou le domaine).")
    cv = _get(m, "cv", "ours", "intent")
    o = _get(m, "models", "ours") or {}
    b = _get(m, "models", "baseline") or {}
    if cv:
        if cv["macro_f1"] < TARGET_MACRO_F1:
            weak = sorted((r["f1-score"], label) for label, r in cv["labels"].items()
                          if r["f1-score"] < TARGET_MACRO_F1)
            out.append(
                f"**Objectif de macro-F1 non atteint** en validation croisée ({num(cv['macro_f1'])} "
                f"< {num(TARGET_MACRO_F1, 2)}). Intentions sous 0,95 : "
                + ", ".join(f"`{label}` ({num(f)})" for f, label in weak[:10]) + ".")
        else:
            out.append(f"Objectif de macro-F1 atteint en validation croisée ({num(cv['macro_f1'])}).")
        pairs = cv.get("worst_confusions") or []
        if pairs:
            out.append(
                "Confusions à traiter en priorité (ajouter dans data/nlu des exemples qui "
                "distinguent les deux intentions, ou les fusionner si l'action est la même) : "
                + ", ".join(f"`{p['gold']}` → `{p['predicted']}` ({p['count']})" for p in pairs[:5]) + ".")
    ho, hb = o.get("holdout_nlu"), b.get("holdout_nlu")
    if ho and cv:
        gap = cv["macro_f1"] - ho["macro_f1"]
        if gap < -0.05:
            out.append(
                f"Le jeu tenu à l'écart ({num(ho['macro_f1'])}) est nettement plus favorable que la "
                f"validation croisée ({num(cv['macro_f1'])}). Il a été écrit après lecture de data/nlu : "
                "ses formulations sont plus proches des exemples d'entraînement que celles des plis de "
                "validation croisée, où chaque exemple est souvent une tournure unique. La validation "
                "croisée est l'estimation prudente ; les statistiques d'usage (messages non compris, "
                "`make usage-report`) diront laquelle est la plus proche des vrais usagers.")
        if gap > 0.05:
            out.append(
                f"Écart de {num(gap, 2)} entre la validation croisée ({num(cv['macro_f1'])}) et le "
                f"jeu tenu à l'écart ({num(ho['macro_f1'])}) : les données d'entraînement sont plus "
                "homogènes que les messages réels (fautes, absence d'accents, tournures familières). "
                "Enrichir data/nlu de formulations de ce type (sans y copier tests/holdout/).")
    if ho and hb:
        wins = []
        for label, key, better in (
            ("macro-F1 sur le jeu tenu à l'écart", ("holdout_nlu", "macro_f1"), "high"),
            ("F1 des entités", ("holdout_nlu", "entities", "micro", "f1-score"), "high"),
            ("conversations tenues à l'écart réussies", ("core_holdout", "conversation_accuracy"), "high"),
            ("latence NLU médiane", ("latency", "median_ms"), "low"),
            ("temps d'entraînement", ("train", "wall_s"), "low"),
            ("mémoire à l'entraînement", ("train", "maxrss_mb"), "low"),
            ("taille du modèle", ("size_mb",), "low"),
            ("temps de démarrage", ("server", "start_s"), "low"),
            ("mémoire du serveur", ("server", "memory_after_parsing", "rss_mb"), "low"),
        ):
            x, y = _get(o, *key), _get(b, *key)
            if x is None or y is None or math.isclose(x, y, rel_tol=0.02, abs_tol=1e-9):
                continue
            if (y > x) if better == "high" else (y < x):
                wins.append((label, x, y))
        if wins:
            out.append("**La référence fait mieux** sur : " + "; ".join(
                f"{label} ({num(y, 3 if y < 10 else 1)} contre {num(x, 3 if x < 10 else 1)} pour la nôtre)"
                for label, x, y in wins) + ".")
        quality_gap = ho["macro_f1"] - hb["macro_f1"]
        if quality_gap <= 0.01:
            out.append(
                "Recommandation : notre pipeline n'apporte pas de gain de compréhension "
                f"mesurable sur le jeu tenu à l'écart (macro-F1 {num(ho['macro_f1'])} contre "
                f"{num(hb['macro_f1'])}) et coûte en mémoire, taille et latence (spaCy). Comparer "
                "aussi la validation croisée, plus large ; si elle confirme, retirer spaCy des "
                "entités (WhitespaceTokenizer) en gardant le classifieur d'intentions linéaire.")
        elif wins:
            out.append(
                f"Recommandation : garder config.yml (gain de macro-F1 de {num(quality_gap, 3)} sur "
                "le jeu tenu à l'écart), en acceptant son coût ; si le démarrage ou la mémoire "
                "deviennent critiques, tester SpacyFeaturizer retiré mais SpacyTokenizer gardé.")
    hc = o.get("core_holdout")
    if hc and hc.get("failed"):
        kinds = hc.get("failed_by_kind") or {}
        out.append(
            f"Conversations tenues à l'écart : {hc['total'] - hc['correct']} échec(s) sur {hc['total']} "
            f"(intention : {kinds.get('intent', 0)}, entités : {kinds.get('entities', 0)}, "
            f"action : {kinds.get('action', 0)}). Une erreur d'action avec une compréhension juste "
            "signale une règle ou une histoire manquante dans data/rules ou data/stories.")
    return out


def build(m: Dict[str, Any], images: str = "quality") -> str:
    lines = _header(m) + _summary(m)
    found = findings(m)
    if found:
        lines += ["## Constats et recommandations", ""] + [f"- {f}" for f in found] + [""]
    lines += _cv_section(m, images) + _dialogue_section(m) + _holdout_section(m, images)
    lines += [
        "## Méthode",
        "",
        "- **Macro-F1** : moyenne non pondérée du F1 de chaque intention attendue ; une "
        "intention rare compte autant qu'une fréquente. En validation croisée comme sur le jeu "
        "tenu à l'écart, `nlu_fallback` est remplacé par l'intention la plus probable (comme "
        "`rasa test nlu`) ; la ligne « tel que servi » compte le repli comme une erreur.",
        "- **Temps et mémoire** : temps réel et CPU (utilisateur + système) de `rasa train` sans "
        "cache d'entraînement (`RASA_MAX_CACHE_SIZE=0`), mémoire maximale = `ru_maxrss` du "
        "processus et de ses descendants (`wait4`, équivalent de `getrusage(RUSAGE_CHILDREN)`). "
        "La part « composants NLU » somme les durées des composants entraînés lues dans le "
        "journal de Rasa (hors chargement de spaCy et prétraitement des exemples).",
        "- **Latence** : aller-retour HTTP `/model/parse` en local (inclut ~1 ms de HTTP), après "
        "trois requêtes de chauffe, chaque message du jeu tenu à l'écart répété "
        f"{_get(m, 'meta', 'latency_rounds') or 3} fois, les deux serveurs interrogés en alternance.",
        "- **Jeu tenu à l'écart** : écrit pour cette évaluation (français familier, fautes, sans "
        "accents), jamais copié dans data/nlu (vérifié à chaque exécution) ; mais écrit après "
        "lecture des données d'entraînement, il est probablement plus facile que de vrais messages.",
        "- **Machine partagée** : d'autres tâches lourdes tournaient pendant la mesure ; les "
        "valeurs absolues de temps sont indicatives, les rapports nôtre/référence (mesurés dans "
        "la même exécution, en alternance pour la latence) le sont beaucoup plus.",
        "- Détails bruts : `results/eval/metrics.json`, journaux dans `results/eval/logs/`, "
        "prédictions du jeu tenu à l'écart dans `results/eval/holdout-predictions-*.jsonl`.",
        "",
    ]
    return "\n".join(lines)


def draw(m: Dict[str, Any], folder: Path) -> List[Path]:
    from eval import plots

    made = []
    cv = _get(m, "cv", "ours", "intent")
    if cv:
        made.append(plots.confusion_matrix(
            cv["matrix"]["labels"], cv["matrix"]["rows"], folder / IMAGES["matrix"],
            "Validation croisée : matrice de confusion des intentions"))
        series = {"validation croisée": {k: v["f1-score"] for k, v in cv["labels"].items()}}
        made.append(plots.per_label_f1(series, folder / IMAGES["cv_f1"],
                                       "F1 par intention (validation croisée)", TARGET_MACRO_F1))
    o = _get(m, "models", "ours", "holdout_nlu", "intent", "labels")
    b = _get(m, "models", "baseline", "holdout_nlu", "intent", "labels")
    if o:
        series = {"nôtre": {k: v["f1-score"] for k, v in o.items()}}
        if b:
            series["référence"] = {k: v["f1-score"] for k, v in b.items()}
        made.append(plots.per_label_f1(series, folder / IMAGES["holdout_f1"],
                                       "F1 par intention, jeu tenu à l'écart", TARGET_MACRO_F1))
    mo, mb = _get(m, "models", "ours") or {}, _get(m, "models", "baseline") or {}
    panels = [
        {"title": "macro-F1 tenu à l'écart", "unit": "", "fmt": "{:.3f}",
         "ours": _get(mo, "holdout_nlu", "macro_f1"), "baseline": _get(mb, "holdout_nlu", "macro_f1")},
        {"title": "latence médiane", "unit": "ms", "fmt": "{:.0f}",
         "ours": _get(mo, "latency", "median_ms"), "baseline": _get(mb, "latency", "median_ms")},
        {"title": "entraînement", "unit": "s", "fmt": "{:.0f}",
         "ours": _get(mo, "train", "wall_s"), "baseline": _get(mb, "train", "wall_s")},
        {"title": "mémoire max. entraînement", "unit": "Mo", "fmt": "{:.0f}",
         "ours": _get(mo, "train", "maxrss_mb"), "baseline": _get(mb, "train", "maxrss_mb")},
        {"title": "démarrage serveur", "unit": "s", "fmt": "{:.0f}",
         "ours": _get(mo, "server", "start_s"), "baseline": _get(mb, "server", "start_s")},
    ]
    if any(p["ours"] is not None and p["baseline"] is not None for p in panels):
        made.append(plots.side_by_side(panels, folder / IMAGES["compare"],
                                       "Nôtre (config.yml) contre référence (config.baseline.yml)"))
    return made


def write(m: Dict[str, Any], path: Path, images: Path) -> Path:
    path = Path(path)
    images = Path(images)
    draw(m, images)
    rel = os.path.relpath(images, path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build(m, rel), encoding="utf-8")
    return path
