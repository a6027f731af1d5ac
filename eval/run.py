"""``make eval``: the whole quality measurement, ours and the baseline side by
side in one run, then docs/quality.md.

Steps (each result is saved in ``<out>/metrics.json`` as soon as it is known):

1. the held-out set is checked (no text of tests/holdout/ in data/nlu/);
2. NLU 5-fold cross-validation of config.yml (``rasa test nlu --cross-validation``);
3. full training (NLU + dialogue) of config.yml and of config.baseline.yml,
   each timed (wall and CPU) with its peak memory; model sizes;
4. ``rasa test core --e2e`` of both models on tests/e2e/ and
   tests/holdout/test_stories.yml (``--e2e``: the NLU is run on the texts of the
   stories; without it, only the dialogue policies are tested);
5. both models served by ``rasa run --enable-api`` on local ports 59xx: time
   to the first 200 on ``GET /``, then every held-out message parsed through
   ``/model/parse`` (alternating between the two servers, so that the load of
   the machine weighs equally on both): held-out intent/entity metrics and
   per-message latency; resident memory of each server;
6. the report (eval.report) and its images (eval.plots).

The inputs (data/, domain.yml, config.yml, config.baseline.yml, tests/e2e/) are
copied to ``<out>/inputs/`` at the start and every step reads that copy: the
cross-validation, the trainings and the tests all see the same data even if
someone edits data/ during the run (the report says so when it happens).

Trainings never use Rasa's training cache (``RASA_MAX_CACHE_SIZE=0``): a cached
component would make the training time meaningless.

Development runs: ``--epochs 3 --folds 2 --report /tmp/quality.md`` (fewer
epochs for both pipelines, fewer folds, report written elsewhere); ``--skip cv``
etc.; ``--report-only`` rebuilds the report from an existing metrics.json.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml

from eval import holdout, measure, metrics, rasa_results

ROOT = Path(__file__).resolve().parents[1]
RASA = str(ROOT / ".venv" / "bin" / "rasa")
MODELS = ("ours", "baseline")
STEPS = ("cv", "train", "core", "server")
FALLBACK = "nlu_fallback"


# -- configuration ----------------------------------------------------------------

def _component(config: Dict[str, Any], name: str) -> Optional[Dict[str, Any]]:
    for item in config.get("pipeline") or []:
        if item.get("name") == name:
            return item
    return None


def effective_configs(ours: Dict[str, Any], baseline: Dict[str, Any],
                      epochs: Optional[int] = None) -> Dict[str, Dict[str, Any]]:
    """The two configurations as trained: the baseline's DIETClassifier and
    FallbackClassifier take the settings of ours, its policies are ours; with
    ``epochs`` (development runs), DIET and TED epochs are overridden in both."""
    ours = copy.deepcopy(ours)
    baseline = copy.deepcopy(baseline)
    for name in ("DIETClassifier", "FallbackClassifier"):
        mine, theirs = _component(ours, name), _component(baseline, name)
        if mine and theirs:
            theirs.clear()
            theirs.update(copy.deepcopy(mine))
            if name == "DIETClassifier":
                # The baseline is DIET for intents and entities, whatever ours
                # uses for intents.
                theirs.pop("intent_classification", None)
    baseline["policies"] = copy.deepcopy(ours.get("policies"))
    if epochs:
        for config in (ours, baseline):
            for item in (config.get("pipeline") or []) + (config.get("policies") or []):
                if "epochs" in item or item.get("name") in ("DIETClassifier", "TEDPolicy"):
                    item["epochs"] = epochs
    return {"ours": ours, "baseline": baseline}


# -- helpers ----------------------------------------------------------------------

def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


SNAPSHOT = ("data", "domain.yml", "config.yml", "config.baseline.yml", "tests/e2e")


def inputs_fingerprint(root: Path = ROOT) -> str:
    """Hash of everything a model is trained from (to detect edits during a run)."""
    import hashlib

    digest = hashlib.sha256()
    files = [root / "config.yml", root / "config.baseline.yml", root / "domain.yml"]
    files += sorted((root / "data").rglob("*.yml"))
    for path in files:
        if path.exists():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def snapshot_inputs(folder: Path) -> Path:
    """Copies the training and test inputs to ``folder`` (replaced if present)."""
    import shutil

    if folder.exists():
        shutil.rmtree(folder)
    for name in SNAPSHOT:
        source, target = ROOT / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.exists():
            shutil.copy2(source, target)
    return folder


def collect_meta(args: argparse.Namespace) -> Dict[str, Any]:
    inputs = ["config.yml", "config.baseline.yml", "domain.yml", "data", "components",
              "assistant/text.py", "assistant/amounts.py", "tests/holdout", "tests/e2e"]
    status = subprocess.run(["git", "status", "--porcelain", "--", *inputs], cwd=ROOT,
                            capture_output=True, text=True).stdout
    dirty = [line[3:] for line in status.splitlines() if len(line) > 3]
    nlu_files = sorted((ROOT / "data" / "nlu").glob("*.yml"))
    import rasa

    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "HEAD"),
        "commit_short": _git("rev-parse", "--short", "HEAD"),
        "dirty_inputs": dirty,
        "nlu_last_modified": dt.datetime.fromtimestamp(
            max(f.stat().st_mtime for f in nlu_files)).astimezone().isoformat(timespec="seconds")
        if nlu_files else None,
        "inputs_fingerprint": inputs_fingerprint(),
        "rasa_version": rasa.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
        "folds": args.folds,
        "epochs_override": args.epochs,
        "latency_rounds": args.rounds,
    }


def _env(out: Path) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONHASHSEED": "0",
        "RASA_MAX_CACHE_SIZE": "0",
        "RASA_CACHE_DIRECTORY": str(out / "rasa-cache"),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    })
    return env


class Run:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.out = Path(args.out).resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        self.env = _env(self.out)
        self.path = self.out / "metrics.json"
        self.m: Dict[str, Any] = {}
        self.inputs = ROOT   # replaced by the snapshot in main()

    def save(self) -> None:
        self.path.write_text(json.dumps(self.m, indent=2, ensure_ascii=False, default=str),
                             encoding="utf-8")

    def log(self, message: str) -> None:
        print(f"[eval {time.strftime('%H:%M:%S')}] {message}", flush=True)

    def rasa(self, args: Sequence[str], log_name: str, check: bool = True) -> Dict[str, Any]:
        result = measure.run_measured([RASA, *args], self.out / "logs" / log_name,
                                      env=self.env, cwd=ROOT)
        if check and result["returncode"] != 0:
            raise RuntimeError(f"rasa {' '.join(args)} failed (see {self.out / 'logs' / log_name})")
        return result

    # -- steps ----------------------------------------------------------------------

    def check_holdout(self) -> List[holdout.Example]:
        examples = holdout.load_all()
        leaked = holdout.leaks([e.text for e in examples],
                               holdout.training_texts(self.inputs / "data" / "nlu"))
        if leaked:
            raise SystemExit("held-out texts present in data/nlu (remove them from one side):\n  "
                             + "\n  ".join(leaked))
        from rasa.shared.nlu.training_data.loading import load_data

        domain = yaml.safe_load((self.inputs / "domain.yml").read_text(encoding="utf-8"))
        trained = {m.get("intent") for m in load_data(str(self.inputs / "data" / "nlu")).intent_examples}
        self.m["intent_consistency"] = {
            "in_nlu_not_in_domain": sorted(trained - set(domain.get("intents") or [])),
            "in_domain_not_in_nlu": sorted(set(domain.get("intents") or []) - trained),
        }
        self.m["holdout_set"] = {
            "messages": len(examples),
            "from_stories": sum(e.source == "stories" for e in examples),
            "from_nlu": sum(e.source == "nlu" for e in examples),
            "stories": rasa_results.count_test_stories(holdout.STORIES),
            "intents": dict(sorted(Counter(e.intent for e in examples).items())),
            "entities": dict(sorted(Counter(x["entity"] for e in examples for x in e.entities).items())),
        }
        return examples

    def write_configs(self) -> Dict[str, Path]:
        load = lambda p: yaml.safe_load((self.inputs / p).read_text(encoding="utf-8"))  # noqa: E731
        configs = effective_configs(load("config.yml"), load("config.baseline.yml"), self.args.epochs)
        paths = {}
        folder = self.out / "configs"
        folder.mkdir(exist_ok=True)
        for name, config in configs.items():
            paths[name] = folder / f"{name}.yml"
            paths[name].write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                   encoding="utf-8")
        self.m["configs"] = {
            name: [{k: v for k, v in item.items()} for item in configs[name]["pipeline"]]
            for name in configs
        }
        return paths

    def cross_validation(self, config: Path, name: str) -> None:
        folder = self.out / f"cv-{name}"
        self.log(f"NLU cross-validation ({self.args.folds} folds) of {name}…")
        run = self.rasa(["test", "nlu", "--cross-validation", "--folds", str(self.args.folds),
                         "--config", str(config), "--nlu",
                         self.args.cv_nlu or str(self.inputs / "data" / "nlu"), "--out", str(folder)],
                        f"cv-{name}.log")
        self.m.setdefault("cv", {})[name] = {
            "intent": rasa_results.intent_results(folder),
            "entities": rasa_results.entity_results(folder),
            "run": run,
        }
        self.save()

    def train(self, config: Path, name: str) -> Path:
        self.log(f"training {name} (NLU + dialogue, no cache)…")
        folder = self.out / "models"
        run = self.rasa(["train", "--config", str(config), "--domain", str(self.inputs / "domain.yml"),
                         "--data", str(self.inputs / "data"), "--out", str(folder), "--fixed-model-name", name,
                         "--force"], f"train-{name}.log")
        model = folder / f"{name}.tar.gz"
        times = measure.component_times((self.out / "logs" / f"train-{name}.log").read_text(
            encoding="utf-8", errors="replace"))
        self.m.setdefault("models", {}).setdefault(name, {})["train"] = {
            **run,
            "components": times,
            **measure.split_nlu_core(times),
        }
        self.m["models"][name]["size_mb"] = model.stat().st_size / 1e6
        self.save()
        return model

    def core_tests(self, model: Path, name: str) -> None:
        """``--e2e``: without it, ``rasa test core`` takes each user turn's
        intent and entities from the story and never runs the NLU, so the texts
        of the test stories would not be tested at all."""
        for label, stories in (("e2e", str(self.inputs / "tests" / "e2e")),
                               ("holdout", str(holdout.STORIES))):
            self.log(f"rasa test core --e2e {label} with {name}…")
            folder = self.out / f"core-{label}-{name}"
            self.rasa(["test", "core", "--e2e", "--model", str(model), "--stories", stories,
                       "--out", str(folder)], f"core-{label}-{name}.log")
            result = rasa_results.story_results(folder)
            result["stories_in_files"] = rasa_results.count_test_stories(Path(stories))
            self.m["models"][name][f"core_{label}"] = result
            self.save()

    def endpoints(self, name: str) -> Path:
        """endpoints.yml for a measured server: the same action endpoint, and,
        when the project uses an SQLite tracker store, an SQLite store of its
        own (so the start-up cost is the real one without touching var/rasa.db);
        other stores (PostgreSQL, Redis) are left out — they need services."""
        source = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8")) or {}
        config: Dict[str, Any] = {}
        if source.get("action_endpoint"):
            config["action_endpoint"] = source["action_endpoint"]
        store = source.get("tracker_store") or {}
        if str(store.get("type", "")).lower() == "sql" and store.get("dialect", "sqlite") == "sqlite":
            db = self.out / f"tracker-{name}.db"
            db.unlink(missing_ok=True)
            config["tracker_store"] = {**store, "db": str(db)}
        path = self.out / f"endpoints-{name}.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return path

    def serve_and_parse(self, models: Dict[str, Path], examples: List[holdout.Example]) -> None:
        servers: Dict[str, subprocess.Popen] = {}
        urls: Dict[str, str] = {}
        try:
            for name, model in models.items():
                port = measure.free_port()
                log = open(self.out / "logs" / f"server-{name}.log", "w", encoding="utf-8")
                self.log(f"starting rasa run for {name} on port {port}…")
                t0 = time.monotonic()
                servers[name] = subprocess.Popen(
                    [RASA, "run", "--enable-api", "--model", str(model), "--port", str(port),
                     "--endpoints", str(self.endpoints(name)), "--credentials", "credentials.yml"],
                    cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                start = measure.wait_first_200(f"http://127.0.0.1:{port}/", t0, 600, servers[name])
                urls[name] = f"http://127.0.0.1:{port}"
                self.m["models"][name]["server"] = {
                    "start_s": start,
                    "memory_after_start": measure.tree_memory_mb(servers[name].pid),
                }
                self.save()
            for name in urls:   # warm-up (the first parse builds TF graphs)
                for text in ("bonjour", "c'est quoi un amo", "on a 30 000 €"):
                    measure.post_json(f"{urls[name]}/model/parse", {"text": text})
            self.log(f"parsing {len(examples)} held-out messages × {self.args.rounds} rounds…")
            predictions: Dict[str, List[Dict[str, Any]]] = {name: [] for name in urls}
            latencies: Dict[str, List[float]] = {name: [] for name in urls}
            order = list(urls)
            for round_ in range(self.args.rounds):
                for i, example in enumerate(examples):
                    for name in (order if (i + round_) % 2 == 0 else order[::-1]):
                        answer, seconds = measure.post_json(
                            f"{urls[name]}/model/parse", {"text": example.text})
                        latencies[name].append(seconds)
                        if round_ == 0:
                            predictions[name].append(answer)
            for name, server in servers.items():
                self.m["models"][name]["server"]["memory_after_parsing"] = \
                    measure.tree_memory_mb(server.pid)
                self.m["models"][name]["latency"] = metrics.latency_stats(latencies[name])
                self.m["models"][name]["holdout_nlu"] = holdout_nlu_metrics(
                    examples, predictions[name])
                with open(self.out / f"holdout-predictions-{name}.jsonl", "w", encoding="utf-8") as f:
                    for example, answer in zip(examples, predictions[name]):
                        f.write(json.dumps({"gold": example.__dict__, "parse": answer},
                                           ensure_ascii=False) + "\n")
            self.save()
        finally:
            for server in servers.values():
                measure.stop(server)


# -- held-out NLU metrics (pure) --------------------------------------------------------

def top_intent(parse: Dict[str, Any], undo_fallback: bool = True) -> Optional[str]:
    """The predicted intent; with ``undo_fallback``, the best intent other than
    nlu_fallback (what Rasa's own NLU evaluation does)."""
    name = (parse.get("intent") or {}).get("name")
    if name == FALLBACK and undo_fallback:
        for item in parse.get("intent_ranking") or []:
            if item.get("name") != FALLBACK:
                return item.get("name")
    return name


def _confidence(parse: Dict[str, Any], intent: Optional[str]) -> Optional[float]:
    for item in parse.get("intent_ranking") or []:
        if item.get("name") == intent:
            return item.get("confidence")
    return (parse.get("intent") or {}).get("confidence")


def _clean(entities: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{k: e.get(k) for k in ("entity", "value", "start", "end")} for e in entities]


def holdout_nlu_metrics(examples: Sequence[holdout.Example],
                        parses: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    gold = [e.intent for e in examples]
    predicted = [top_intent(p) for p in parses]
    served = [top_intent(p, undo_fallback=False) for p in parses]
    report = metrics.classification_report(gold, predicted)
    served_report = metrics.classification_report(gold, served)
    errors = [
        {"text": e.text, "gold": e.intent, "predicted": p, "served": s,
         "confidence": _confidence(parse, p), "source": e.source}
        for e, p, s, parse in zip(examples, predicted, served, parses) if p != e.intent
    ]
    pairs = metrics.confusion_counts(gold, predicted)
    examples_of: Dict[tuple, List[str]] = {}
    for error in errors:
        examples_of.setdefault((error["gold"], error["predicted"]), []).append(error["text"])
    gold_entities = [e.entities for e in examples]
    predicted_entities = [_clean(p.get("entities") or []) for p in parses]
    by_source = {}
    for source in sorted({e.source for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.source == source]
        by_source[source] = metrics.classification_report(
            [gold[i] for i in idx], [predicted[i] for i in idx], labels=set(gold))["macro_f1"]
    entity_errors = [
        {"text": e.text, "gold": e.entities, "predicted": pe}
        for e, pe in zip(examples, predicted_entities)
        if sorted(map(metrics.entity_key, e.entities)) != sorted(map(metrics.entity_key, pe))
    ]
    return {
        "n": len(examples),
        "intent": report,
        "macro_f1": report["macro_f1"],
        "macro_f1_served": served_report["macro_f1"],
        "macro_f1_by_source": by_source,
        "fallback_rate": sum(s == FALLBACK for s in served) / len(served) if served else None,
        "errors": errors,
        "worst_confusions": metrics.worst_confusions(
            pairs, Counter(gold), examples_of, top=20),
        "entities": metrics.entity_report(gold_entities, predicted_entities),
        "entities_value_only": metrics.entity_report(
            gold_entities, predicted_entities, with_span=False),
        "entity_errors": entity_errors,
    }


# -- main ------------------------------------------------------------------------------------

def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "results" / "eval"))
    parser.add_argument("--report", default=str(ROOT / "docs" / "quality.md"))
    parser.add_argument("--images", default=None,
                        help="images folder (default: <report folder>/quality)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=None,
                        help="development only: DIET and TED epochs of both pipelines")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each held-out message is parsed to measure latency")
    parser.add_argument("--skip", default="", help=f"comma-separated steps among {','.join(STEPS)}")
    parser.add_argument("--cv-baseline", action="store_true",
                        help="also cross-validate the baseline (doubles the longest step)")
    parser.add_argument("--cv-nlu", default=None,
                        help="development only: NLU data of the cross-validation")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args(list(argv))
    args.skip = {s for s in args.skip.split(",") if s}
    unknown = args.skip - set(STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] = ()) -> int:
    args = parse_args(argv)
    run = Run(args)
    if args.report_only:
        run.m = json.loads(run.path.read_text(encoding="utf-8"))
    else:
        if run.path.exists():   # keep the results of skipped steps
            previous = json.loads(run.path.read_text(encoding="utf-8"))
            run.m = {k: v for k, v in previous.items() if k in ("cv", "models")}
        started = time.monotonic()
        run.m["meta"] = collect_meta(args)
        run.inputs = snapshot_inputs(run.out / "inputs")
        run.m["meta"]["snapshot"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        run.m["meta"]["inputs_fingerprint"] = inputs_fingerprint(run.inputs)
        examples = run.check_holdout()
        configs = run.write_configs()
        run.save()
        if args.epochs is None:
            configs["ours"] = run.inputs / "config.yml"   # exactly what `make train` uses
        if "cv" not in args.skip:
            run.cross_validation(configs["ours"], "ours")
            if args.cv_baseline:
                run.cross_validation(configs["baseline"], "baseline")
        models = {name: run.out / "models" / f"{name}.tar.gz" for name in MODELS}
        if "train" not in args.skip:
            for name in MODELS:
                run.m.setdefault("models", {})[name] = {}
                models[name] = run.train(configs[name], name)
        missing = [str(p) for p in models.values() if not p.exists()]
        if missing and not {"core", "server"} <= args.skip:
            raise SystemExit(f"no trained model: {', '.join(missing)} (do not skip 'train')")
        run.m.setdefault("models", {})
        for name in MODELS:
            run.m["models"].setdefault(name, {})
        if "core" not in args.skip:
            for name in MODELS:
                run.core_tests(models[name], name)
        if "server" not in args.skip:
            run.serve_and_parse(models, examples)
        run.m["meta"]["duration_s"] = time.monotonic() - started
        run.m["meta"]["inputs_changed_during_run"] = inputs_fingerprint() != run.m["meta"]["inputs_fingerprint"]
        run.m["meta"]["data_used"] = str(run.inputs.relative_to(ROOT)) if run.inputs.is_relative_to(ROOT) \
            else str(run.inputs)
        run.m["meta"]["loadavg_end"] = os.getloadavg()
        run.save()
    from eval import report

    report_path = Path(args.report)
    images = Path(args.images) if args.images else report_path.parent / "quality"
    report.write(run.m, report_path, images)
    run.log(f"report written to {report_path} (images in {images})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
