"""``json``: the draft's facts (every figure, rank and quote it uses, each with its source
cell), so an editor can check every number."""

from __future__ import annotations

import json

from generator.outputs.writers import Draft, register


@register("json", "json")
def write_facts(draft: Draft) -> str:
    if draft.facts is None:
        return "{}\n"
    return json.dumps(draft.facts_dict, indent=2, ensure_ascii=False) + "\n"
