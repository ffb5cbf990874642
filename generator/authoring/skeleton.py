# ruff: noqa: E501 - the template below keeps one paragraph to a line, as drafts print it
"""``drafts new STORY``: a new story's three folders, filled with a skeleton that builds.

The skeleton is a commented manifest (``templates/<story>/story.yaml``), one place template
(``article.md.j2``), sample figures with one row for every place of the places file
(``data/<story>/figures.csv``, every figure marked illustrative so none can be mistaken for
published data) and a quotes folder holding only a README on the quote file format.

Nothing is written unless everything can be: a bad story name, a story that already exists
or a places file that cannot be read is one error, raised before any file is made. A story is
never overwritten. docs/writing-a-story.md explains every file made here.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from string import Template

import yaml

from generator.authoring import DEFAULT_PLACES, DEFAULT_UNIT
from generator.base.errors import DraftsError, InputError, Problem
from generator.base.names import SLUG, story_name_problem
from generator.inputs.places import Places
from generator.language.filters import series
from generator.language.inflection import ENGINE

NAME_COLUMN = "name"
COUNTS = ("late", "refused")
SAMPLE = "requests"
ILLUSTRATIVE = "illustrative"


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back unchanged, else quoted."""
    return (
        yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=1000)
        .split("\n...", 1)[0]
        .strip()
    )


def check_name(slug: str) -> None:
    """Refuse a story name that is not a slug (lowercase letters, digits, single hyphens);
    the same rule as :func:`generator.inputs.story.check_story_name`."""
    if story_name_problem(slug) is not None:
        suggestion = "-".join("".join(c if c.isalnum() else " " for c in slug.lower()).split())
        example = suggestion if SLUG.fullmatch(suggestion or "-") else "my-story"
        raise DraftsError(
            f"{slug!r} is not a story name: use lowercase letters, digits and hyphens, "
            f"such as {example!r} (the name is the story's folder in templates/, data/ "
            "and quotes/)"
        )


def sample_rows(places: Places) -> str:
    """The sample data file: one row per place, placeholder counts, all marked illustrative.

    The second place has no figure for ``refused`` (an empty cell: not available) and the third
    a count of zero on both measures, so the skeleton shows the null rule and a clean record.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([NAME_COLUMN, *COUNTS, SAMPLE, ILLUSTRATIVE])
    flagged = ";".join([*COUNTS, SAMPLE])
    for i, place in enumerate(places):
        sample = 20 + (i * 7) % 13
        late, refused = (i * 5 + 2) % 12, str((i * 3 + 1) % 8)
        if i == 1:
            refused = ""
        if i == 2:
            late, refused = 0, "0"
        writer.writerow([place.name, late, refused, sample, flagged])
    return out.getvalue()


def skeleton_files(root: Path, slug: str, places_file: str, unit: str) -> dict[str, str]:
    """Every file of the skeleton, path (relative to ``root``) to text; nothing is written."""
    check_name(slug)
    if not unit.strip():
        raise DraftsError('--unit names what one place is, e.g. "council"; it was empty')
    places = Places.load(root / places_file, shown_as=places_file)
    plural = ENGINE.plural_noun(unit)
    area = series(dict.fromkeys(p.nation for p in places)) or "the area"
    manifest = Template(MANIFEST).substitute(
        slug=slug,
        singular=_scalar(unit),
        plural=_scalar(plural),
        area=_scalar(area),
        places=_scalar(places_file),
        example_plural=plural,
    )
    return {
        f"templates/{slug}/story.yaml": manifest,
        f"templates/{slug}/article.md.j2": ARTICLE,
        f"data/{slug}/figures.csv": sample_rows(places),
        f"quotes/{slug}/README.md": Template(QUOTES_README).substitute(slug=slug),
    }


def new_story(
    root: Path, slug: str, *, places: str = DEFAULT_PLACES, unit: str = DEFAULT_UNIT
) -> list[str]:
    """Write the skeleton of story ``slug`` under ``root``; the files made, in order.

    Raises :class:`DraftsError` (nothing written) for a bad name, an existing story or a
    places file that cannot be read."""
    files = skeleton_files(root, slug, places, unit)
    for folder in (f"templates/{slug}", f"data/{slug}", f"quotes/{slug}"):
        if (root / folder).exists():
            raise InputError(
                Problem(
                    folder,
                    f"story {slug!r} already exists; nothing was written",
                    hint="Choose another name, or edit the story that is there",
                )
            )
    made: list[Path] = []
    try:
        for name, text in files.items():
            path = root / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=False)
                made.append(path.parent)
            with path.open("x", encoding="utf-8", newline="") as f:
                f.write(text)
    except OSError as err:
        for parent in made:
            shutil.rmtree(parent, ignore_errors=True)
        raise DraftsError(f"could not write the story's files ({err}); nothing was kept") from None
    return list(files)


MANIFEST = """\
# A story made by `drafts new ${slug}`. Every field is explained in docs/writing-a-story.md
# ("Manifest fields"). Lines starting with # are comments: remove the # to use a setting.
# Replace everything marked CHANGE, and the sample figures in data/${slug}/ with real ones.

# The story's working title (national drafts and newsroom metadata use it).
title: CHANGE ME - the story's working title

# What the story's places are, and the file that lists them.
unit:
  singular: ${singular}  # one place, as text names it
  plural: ${plural}  # more than one: "12 ${example_plural}"
  area: ${area}  # all places together: "the worst in ${area}"
  places: ${places}  # the places file: one row per place
  # nations: [England, Wales]  # only these nations of the places file (default: every one)

# The figures: a file in data/${slug}/ with one row per place. An empty cell means "not
# available": no sentence is written from it, and it is never printed as 0.
data:
  file: figures.csv  # CSV, an .xlsx workbook, or the web address of a sheet published as CSV
  name_column: name  # the column naming the place (any spelling the places file knows)
  illustrative_column: illustrative  # per row, the columns whose figures are not published (;)
  # sheet: Figures  # the sheet of an .xlsx workbook (default: the first)
  # fields:  # text columns templates may print, as fields.<name>
  #   grade: grade
  # skip:  # rows of the data to leave out, with the reason (the build reports each)
  #   Name as in the data: why its row is left out
  # absent: skip  # places with no row in the data: skip (no draft) or draft (one that says so)
  # steps:  # reshape a published table first: see "Data steps" in docs/writing-a-story.md
  #   - pivot: {rows: name, columns: [year, category], values: count}

# Each measure is a rate, numerator / denominator, on which the places are ranked.
measures:
  - key: late  # the measure's short name: by_key.late in templates
    label: requests answered late  # its name in lists and notes to editors
    numerator: late  # the column counting what is measured
    denominator: requests  # the column of the sample it is counted in
    singular: request  # one of what is counted
    plural: requests  # more than one
    topic: rate of late replies  # the finding, in short headlines: "Kent: <topic>"
    passive: answered late  # "nine of 17 requests were <passive>"
    active: was late answering  # "the force <active> 12% of requests"
    worse: higher  # higher or lower: which way is the worse result
    # lead: true  # false: the measure is printed but never leads a draft
    # none_phrase: none were answered late  # for a count of zero (default: none were <passive>)
    # per: 100  # the rate per 100 ("per cent"); 1000 prints "per 1,000"
    # decimals: 0  # decimal places the rate is printed with (rounded half up)
    # kind: rate  # or value, a plain value such as money or minutes, which reads one column:
    #   (column: spend, unit: pounds, suffix: per head, national: median; docs/writing-a-story.md)
    # with no sample column, list the columns whose sum is the sample:
    #   denominator: [answered, late]
    # change:  # the same measure in an earlier period: "up 17 percentage points since 2019"
    #   numerator: late 2019
    #   denominator: requests 2019
    #   since: "2019"  # how the earlier period is written in drafts
  - key: refused
    label: requests refused
    numerator: refused
    denominator: requests
    singular: request
    plural: requests
    topic: rate of refusals
    passive: refused
    active: refused
    worse: higher

# Each output is one kind of draft. "place" writes one draft for every place.
outputs:
  article:  # the output's name: out/${slug}/<place>/article.md
    template: article.md.j2  # a template in templates/${slug}/
    formats: [md, html, txt, docx, ninjs]  # the files written (facts.json always is)
    scope: place  # place, group, national, place-radio or group-radio

# outlets: data/outlets.yaml  # partner outlets: drafts in their house style, and packs

# funnel:
#   method: exact  # exact or normal: how the control limits are worked out
#   dispersion: auto  # none, multiplicative, additive or auto: allow for more than chance

# Which findings may lead a draft (generator/compute/angle.py; --explain shows the scores):
# a finding against the place takes off or a weight multiplying its score; a good-news lead
# takes only off, which passes the lead to the next rule.
# leads:
#   worst: 1
#   joint_worst: 1
#   near_worst: 1
#   top_ten: 1  # 0.5 halves a top-ten finding's score
#   majority: 1  # off: "half or more" never leads
#   biggest_rise: 1  # a measure with change: the biggest change for the worse
#   rise: 1  # a change for the worse of five points or more
#   above: 1  # a weight only: the last finding against a place
#   close: off  # then clean, better, best, joint_best, below in turn
#   clean: off
#   better: off
#   best: off
#   joint_best: off

# Shares of a total across categories ("the most common outcome was ..."): each place's
# count columns summed into its total (docs/writing-a-story.md, "categories").
# categories:
#   - key: outcome
#     label: outcome
#     columns: ["*"]  # patterns over the data's columns; the name column is never one
#     exclude: [code]  # columns taken back out
#     names: {}  # how a draft writes a category, by column
#     singular: crime
#     plural: crimes
#     empty: missing  # or zero: an empty cell counts 0

# Bounds on one build (the defaults fit most stories; raise one if a build says so).
# limits:
#   render_seconds: 10  # one template render
#   draft_bytes: 1000000  # the text one render may produce
#   download_seconds: 60  # reading the data from a web address
#   download_bytes: 50000000  # the size of that download
#   data_bytes: 200000000  # the size of a local data file
#   yaml_bytes: 2000000  # one YAML file (manifest, quotes, outlets)
#   yaml_aliases: 100  # aliases (*name) one YAML file may use

# Free text for templates: they read it as story.settings.<name>, e.g. a watchdog's name.
# settings:
#   watchdog: the Independent Office for Police Conduct

# What the engine reads, each checked (an unknown name is an error naming the closest);
# templates read these too, as story.settings.<name>.
engine:
  credit: analysis by CHANGE ME  # who made the analysis, printed in drafts and packs
  source: CHANGE ME - where the figures come from, and when  # printed in drafts and packs
  # published: 2020-10-23  # the day of publication (newsroom metadata)
  # embargo: "2020-10-23 00:01"  # UK time: every output opens with the embargo line
  # standing_text: []  # fixed phrases whose number is not data (allowed by the fact check)
  # radio_avoid: []  # words radio scripts must not say (abbreviations listeners may not know)
  # version: 1  # the draft's version, for newsroom systems
  # language: en-GB  # the drafts' language, for newsroom systems
  # subjects: [{code: "medtop:20000082", name: crime}]  # IPTC Media Topics, for newsroom systems
  # usage_terms: CHANGE ME  # how partners may use the drafts (default: "Credit: <credit>.")
  # copyright_holder: CHANGE ME  # who holds the copyright in the drafts
"""

ARTICLE = """\
{#- One draft for each place, made by `drafts new`. Every name used here is listed in
    docs/writing-a-story.md ("Template variables"), every filter in "Filters". Each paragraph
    ends with a blank line. Test that a figure exists ({% if m.figure %}) before printing it:
    a missing figure is never written as 0. -#}
{# Shared macros every story can use (docs/writing-a-story.md, "Templates"): how a place is
   named, and how a quote is printed. A story that wants other wording writes its own. #}
{% import "default:names.j2" as names %}
{% import "default:quotes.j2" as voice %}
{% set m = lead.measure %}
{% if lead.kind == "clean" %}
# {{ place.name }} {{ "among " ~ (lead.peers | number) ~ " " ~ story.unit.plural if lead.peers > 1 else "the only " ~ story.unit.singular }} with a clean record
{% elif lead.kind == "none" %}
# No figures for {{ place.name }}
{% else %}
# {{ place.name }} {{ m.active }} {{ m.figure | percent(sign=style.headline_sign) }} of {{ m.plural }}
{% endif %}

{% if lead.kind == "clean" %}
At {{ names.first_mention(place) }} the count was zero on every measure, making it {{ "one of " ~ (lead.peers | number) ~ " " ~ story.unit.plural if lead.peers > 1 else "the only " ~ story.unit.singular }} in {{ story.unit.area }} with a clean record, {{ story.settings.credit }} shows.
{% elif lead.kind == "none" %}
The data has no figures for {{ names.first_mention(place) }} so this draft gives the picture across {{ story.unit.area }}, {{ story.settings.credit }} shows.
{% else %}
At {{ names.first_mention(place) }} {{ m.figure | proportion }} {{ m.plural }} {{ m.figure.count | verb }} {{ m.passive }}{% if m.claim %}, {{ m.claim }}{% endif %}, {{ story.settings.credit }} shows.
{% endif %}

{% if m and m.pooled %}
{% if m.significance %}
The rate is {{ m.significance }} than the {{ m.pooled | percent }} across {{ story.unit.area }}.
{% else %}
The rate is {{ m.versus }} the {{ m.pooled | percent }} across {{ story.unit.area }}.
{% endif %}
{% if m.caution %}
{{ m.caution | sentence }}.
{% endif %}

{% endif %}
{% for other in available if other is not sameas m %}
{% if other.figure.count == 0 %}
Of the {{ other.figure.base | number }} {{ other.plural }} in its sample, none were {{ other.passive }}{% if other.claim %}: it is {{ other.claim }}{% endif %}.
{% else %}
{{ other.figure | proportion | sentence }} {{ other.plural }} {{ other.figure.count | verb }} {{ other.passive }}{% if other.claim %}, {{ other.claim }}{% endif %}.
{% endif %}

{% endfor %}
{% if missing %}
Figures on {{ missing | map(attribute="label") | series }} were not available for {{ place.name }}.

{% endif %}
{% if not m %}
{% for other in measures if other.pooled %}
Across {{ story.unit.area }}, {{ other.pooled | percent }} of {{ other.plural }} were {{ other.passive }}.

{% endfor %}
{% endif %}
{% for q in quotes %}
{{ voice.quote(q) }}

{% endfor %}
{% if awaiting_response %}
{{ place.name }} has been approached for comment.

{% endif %}
{% for q in national_quotes %}
{{ voice.quote(q) }}

{% endfor %}
## Notes for editors

- Short headline: {{ place.short_name }}{{ ": " ~ m.topic if m else " figures" }}
- Source: {{ story.settings.source }}; {{ story.settings.credit }}.
- Rankings compare exact rates, not rounded percentages; {{ story.unit.plural }} with equal rates share a rank, and {{ story.unit.plural }} without a figure are left out.
- Samples can be small, so a single case can move a rate by several percentage points.
{% if missing %}
- Not available for this {{ story.unit.singular }}: {{ missing | map(attribute="label") | series }}.
{% endif %}
{% if illustrative %}
- Some figures in this draft are illustrative, not published: check them against the source before publication.
{% endif %}
{% if awaiting_response %}
- No response from {{ place.name }} is on file yet.
{% endif %}
"""

QUOTES_README = """\
# Quotes for ${slug}

One YAML file per source in this folder (`*.yaml`; this README is not read). A quote is
printed word for word, only when `cleared: true`; a place with no quote from itself gets
"<place> has been approached for comment." See docs/writing-a-story.md ("Quotes").

```yaml
organisation: Kent Police          # required: who is speaking (for a place: its name)
speaker: Jane Smith                # optional: a person; without one the organisation speaks
role: chief constable              # optional, needs a speaker: "Kent Police's chief constable"
pronoun: she                       # he, she, they or it (the default): "She said:" later
places: [kent]                     # slugs or names from the places file ...
# national: true                   # ... or a quote for every draft instead
said: it was reviewing its figures # optional reported line: "... said it was reviewing ..."
paragraphs:                        # the words, verbatim, one item a paragraph
  - "We take this seriously."
cleared: true                      # false (or missing): left out, with a warning in the build
# order: 0                         # quotes are printed by order, then by file name
# known_as: the force              # optional short name of the organisation
```
"""
