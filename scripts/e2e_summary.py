"""Prints a closing line for the end-to-end conversation tests.

Reads Rasa's story report and prints « e2e: N passed, M failed » so that a
reader (and CI) sees how many conversations were checked.
"""
import json
import sys
from pathlib import Path

report = Path(sys.argv[1]) / "story_report.json"
data = json.loads(report.read_text(encoding="utf-8"))
stories = Path(sys.argv[1]) / "failed_test_stories.yml"
failed_text = stories.read_text(encoding="utf-8") if stories.exists() else ""
failed = failed_text.count("- story:")
total = int(data.get("conversation_accuracy", {}).get("total", 0))
passed = int(data.get("conversation_accuracy", {}).get("correct", total - failed))
print(f"e2e: {passed} passed, {total - passed} failed")
sys.exit(0 if total and total == passed else 1)
