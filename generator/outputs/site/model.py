"""The values the site's pages are made of: what the templates in ``assets/`` read.

Every value here is plain text (already worded) or escaped HTML (:class:`markupsafe.Markup`);
the templates only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass(frozen=True)
class Words:
    """The story's words for its places."""

    singular: str
    plural: str
    area: str


@dataclass(frozen=True)
class SiteInfo:
    """What every page shows of the story: title, language, the words for its places, the
    embargo line and the national page's address ("" when there is none)."""

    title: str
    language: str
    singular: str
    plural: str
    plural_title: str
    embargo: str | None
    national: str


@dataclass(frozen=True, slots=True)  # one for every place: no __dict__ each
class Banner:
    """A line across the top of a page: ``kind`` is "embargo", "partners", "illustrative",
    "warning", or (in the index's flags) "awaiting" or "missing"; ``detail`` what follows the
    line, when it is long (which figures are illustrative), which a phone shows folded unless
    the line :attr:`warns`."""

    kind: str
    text: str
    detail: str = ""

    @property
    def warns(self) -> bool:
        """Whether the line says NOT FOR PUBLICATION: a phone shows it with the first part of
        its detail (which figures), folding only the rest (:attr:`first`, :attr:`rest`)."""
        return "NOT FOR PUBLICATION" in self.text.upper()

    @property
    def first(self) -> str:
        """The detail's first part, up to its first semicolon: "Hampshire Constabulary's own
        figures are published, but its rankings ... use illustrative figures for 41 other
        forces"."""
        return self.detail.split("; ", 1)[0]

    @property
    def rest(self) -> str:
        """The detail after its first part ("" when it has one part), capitalised."""
        rest = self.detail.split("; ", 1)[1] if "; " in self.detail else ""
        return rest[:1].upper() + rest[1:]

    @property
    def whole(self) -> str:
        """The line as the draft's own outputs print it: "TEXT: detail"."""
        return f"{self.text}: {self.detail}" if self.detail else self.text


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Download:
    """A file of the build a page links to, with its size as shown ("12 KB") and the name
    it is saved under (``filename``, "hampshire-cancelled-crimes.docx": every draft's files
    share their names in the build, "article.docx"); ``held``, for a partner's pack, why
    ``drafts release`` would not send it (None when it would)."""

    href: str
    label: str
    name: str
    size: str
    filename: str = ""
    held: Held | None = None


@dataclass(frozen=True)
class Held:
    """Why ``drafts release`` would not send a partner's pack: ``text`` in words a partner
    reads ("Held: not signed up for this story"), ``hint`` the unit's technical detail (the
    outlets file, the release option), shown on hover."""

    text: str
    hint: str = ""


@dataclass(frozen=True)
class PartnerView:
    """An outlet or station covering a place, on the place's page: its page, and its pack."""

    href: str
    name: str
    kind: str
    pack: Download | None = None


@dataclass(frozen=True)
class ChartView:
    """A chart as a page shows it: the image (SVG, else PNG), its size when known, its alt text
    and a download of each of its files; ``enlarge`` when its smallest labels, scaled to a
    phone's width, are too small to read, so a phone offers it full size."""

    key: str
    title: str
    src: str
    alt: str
    width: int | None
    height: int | None
    links: tuple[Download, ...]
    enlarge: bool = False


@dataclass(frozen=True)
class ScriptView:
    """A radio script with its copy button: ``short`` names it on the button."""

    id: str
    title: str
    short: str
    text: str


@dataclass(frozen=True)
class QuoteView:
    source: str
    said: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class FactRow:
    """One row of a page's facts; ``id`` is the anchor the draft's figures link to."""

    id: str
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class FactSection:
    id: str
    title: str
    rows: tuple[FactRow, ...] = ()
    note: str = ""


@dataclass
class Page:
    """One page of the site; ``root`` leads from it to the site's folder ("" or "../")."""

    path: str
    title: str
    banners: list[Banner]
    subtitle: str = ""
    summary: list[tuple[str, str]] = field(default_factory=list)
    covers: list[Link] = field(default_factory=list)
    article: Markup | None = None
    article_title: str = "Article"
    article_text: str | None = None
    notes: Markup | None = None
    downloads: list[Download] = field(default_factory=list)
    charts: list[ChartView] = field(default_factory=list)
    scripts: list[ScriptView] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)
    facts: list[FactSection] = field(default_factory=list)
    covered_by: list[PartnerView] = field(default_factory=list)
    checklist: list[str] = field(default_factory=list)
    wide: bool = False

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    @property
    def build(self) -> str:
        """From this page to the build's folder, where the drafts are."""
        return self.root + "../"


# --- the index -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexColumn:
    label: str
    numeric: bool = False
    sortable: bool = True
    sorted: bool = False
    first: str = "ascending"


@dataclass(frozen=True, slots=True)  # one for every place: no __dict__ each
class RateCell:
    """A measure's rate in a place's row of the index, and the exact rate it sorts on."""

    text: str
    sort: str


@dataclass(frozen=True, slots=True)  # one for every place: no __dict__ each
class LeadSummary:
    """A place's lead finding as the index shows it, with the keys its columns sort on."""

    label: str = ""
    figure: str = ""
    rank: str = ""
    claim: str = ""
    figure_sort: str = ""
    rank_sort: str = ""


@dataclass(frozen=True)
class IndexRow:
    """A place's row of the index: ``flag_keys``, ``outlets`` and ``stations`` are the
    space-separated keys its filters match, ``search`` the lower-case text its search box
    matches, ``gazetteer`` the towns and districts in it (``;``-separated), which the search
    names when one of them is what matched."""

    slug: str
    name: str
    href: str
    region: str
    lead: LeadSummary
    measures: tuple[RateCell, ...]
    flags: tuple[Banner, ...]
    flag_keys: str
    outlets: str
    stations: str
    search: str
    gazetteer: str = ""


@dataclass(frozen=True)
class PartnerLink:
    """An outlet or station in the index's filters and lists: ``covers`` names its places."""

    slug: str
    name: str
    href: str
    covers: str
