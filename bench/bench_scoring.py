"""Benchmark scoring on a framework shaped like the CAICT one (a few hundred requirements, 5 levels).

Uses the bundled CAICT framework when it validates (pass --synthetic to force the synthetic one).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from questionnaire.domain import (  # noqa: E402
    Answer,
    Evidence,
    EvidenceKind,
    EvidencePolicy,
    RequirementState,
    ReviewState,
)
from questionnaire.framework import Framework  # noqa: E402
from questionnaire.scoring_adapter import (  # noqa: E402
    answer_values,
    build_structure,
    evidence_states,
    framework_structure,
    score_assessment,
)
from scoring import compare, evaluate  # noqa: E402

FRAMEWORKS = ROOT / "questionnaire" / "frameworks"
SUBITEMS_PER_ITEM = ((3, 3, 2), (3, 3, 3, 2), (3, 3, 3))  # 3 domains, 10 items, 28 sub-items
ROLES = ("product_owner", "project_manager", "data_engineer", "algorithm_engineer")


def bundled_framework() -> Framework | None:
    """The bundled CAICT framework with its parts concatenated, if it has requirements."""
    try:
        import yaml

        text = (FRAMEWORKS / "caict-mlops-dev-mgmt.yaml").read_text(encoding="utf-8")
        for part in sorted((FRAMEWORKS / "parts").glob("*.yaml")):
            text += "\n" + part.read_text(encoding="utf-8")
        framework = Framework.model_validate(yaml.safe_load(text))
    except Exception as exc:  # any failure means: fall back to the synthetic framework
        print(f"bundled framework not usable ({type(exc).__name__}); using a synthetic one")
        return None
    if framework.requirement_count() == 0:
        print("bundled framework has no requirements yet; using a synthetic one")
        return None
    return framework


def synthetic_framework(seed: int = 7) -> Framework:
    """3 domains, 10 items, 28 sub-items, 240 requirements over 5 levels."""
    rng = random.Random(seed)
    extra = set(rng.sample(range(28), 16))  # 16 sub-items get a 9th requirement
    domains = []
    sub_number = 0
    for d, item_sizes in enumerate(SUBITEMS_PER_ITEM, 1):
        items = []
        for i, size in enumerate(item_sizes, 1):
            subitems = []
            for s in range(1, size + 1):
                levels = [1, 1, 2, 2, 3, 3, 4, 5]
                if sub_number in extra:
                    levels.append(rng.randint(1, 5))
                sub_id = f"D{d}.{i}.{s}"
                requirements = [
                    {
                        "id": f"{sub_id}.R{n}",
                        "level": level,
                        "text": "Requirement",
                        "guidance": "Guidance",
                        "theme": "process",
                        "role": rng.choice(ROLES),
                        "evidence": {"required": rng.random() < 0.4},
                    }
                    for n, level in enumerate(sorted(levels), 1)
                ]
                subitems.append({"id": sub_id, "name": sub_id, "requirements": requirements})
                sub_number += 1
            items.append({"id": f"D{d}.{i}", "name": f"Item {d}.{i}", "subitems": subitems})
        domains.append({"id": f"D{d}", "name": f"Domain {d}", "items": items})
    return Framework.model_validate(
        {
            "id": "synthetic",
            "version": "1",
            "title": "Synthetic",
            "levels": [{"number": n, "key": f"l{n}", "name": f"L{n}"} for n in range(1, 6)],
            "roles": [{"key": r, "name": r} for r in ROLES],
            "domains": domains,
        }
    )


def random_assessment(
    framework: Framework, rng: random.Random
) -> tuple[dict[str, RequirementState], list[Evidence]]:
    """Random answers (some unanswered) and evidence for every requirement."""
    answers = [Answer.MET, Answer.MET, Answer.MET, Answer.PARTIAL, Answer.NOT_MET]
    answers.append(Answer.NOT_APPLICABLE)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    states: dict[str, RequirementState] = {}
    evidence: list[Evidence] = []
    for located in framework.requirements():
        rid = located.requirement.id
        if rng.random() < 0.85:
            states[rid] = RequirementState(rid, answer=rng.choice(answers))
        if rng.random() < 0.3:
            review = ReviewState.REJECTED if rng.random() < 0.2 else ReviewState.PROVIDED
            evidence.append(Evidence(1, rid, EvidenceKind.LINK, "U1", now, review=review))
    return states, evidence


def median_us(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of one call, in microseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def show(label: str, micros: float, note: str = "") -> None:
    """One aligned line: label, time in µs or ms, and a note."""
    text = f"{micros / 1000:9.1f} ms" if micros >= 10_000 else f"{micros:9.1f} µs"
    print(f"{label:<36}{text}" + (f"  ({note})" if note else ""))


def main() -> None:
    """Print structure build time, single-assessment timings and a 1,000-assessment batch."""
    synthetic = "--synthetic" in sys.argv[1:]
    framework = (None if synthetic else bundled_framework()) or synthetic_framework()
    print(
        f"framework {framework.id}: {len(framework.domains)} domains, "
        f"{sum(1 for _ in framework.items())} items, "
        f"{sum(len(i.subitems) for _, i in framework.items())} sub-items, "
        f"{framework.requirement_count()} requirements, {framework.max_level} levels"
    )
    rng = random.Random(42)
    structure = build_structure(framework)
    states, evidence = random_assessment(framework, rng)
    answers = answer_values(states)
    proofs = evidence_states(evidence)
    policy = EvidencePolicy.STRICT

    def cold() -> None:
        evaluate(build_structure(framework), answers, proofs)

    def warm() -> None:
        evaluate(structure, answers, proofs)

    def adapter() -> None:
        score_assessment(framework, states, evidence, policy)

    result = evaluate(structure, answers, proofs, target_level=3)
    other = evaluate(structure, answers, proofs, target_level=4)
    cold_us = median_us(cold, 100) - median_us(lambda: build_structure(framework), 100)
    show("build structure (uncached)", median_us(lambda: build_structure(framework), 200))
    show("framework_structure (cached)", median_us(lambda: framework_structure(framework), 2000))
    show("evaluate, first use of structure", cold_us, "median of 100, build time subtracted")
    show("evaluate one assessment", median_us(warm, 2000), "median of 2000")
    show("score_assessment incl. adapter", median_us(adapter, 2000), "median of 2000")
    show(
        "result.model_dump_json()",
        median_us(result.model_dump_json, 500),
        f"{len(result.model_dump_json())} bytes",
    )
    show("compare two results", median_us(lambda: compare(result, other), 500))

    batch = [random_assessment(framework, rng) for _ in range(1000)]
    start = time.perf_counter()
    for batch_states, batch_evidence in batch:
        score_assessment(framework, batch_states, batch_evidence, policy)
    elapsed = time.perf_counter() - start
    show("1,000 random assessments (adapter)", elapsed * 1e6, "total")


if __name__ == "__main__":
    main()
