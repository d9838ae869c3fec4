"""The fixed refusal rules, read on the composed answer before the fitted judge.

Each names a reason the chosen quotes cannot answer the question, whatever their words share with it:
results asked and only plans found; another country's scheme asked and the lead quote names no such
country, or no sentence naming the country gives the asked number, date or §; a thing named in passing
and never described; a year asked that is later than the quoted document and that no retrieved passage
mentions; a § asked of a law that no sentence cites a § of; an amount asked that no sentence naming the
thing gives (:mod:`assistant.specifics`). A refusal by one of them stands (the judge is fitted
on what they let through), and it says why beside «Dette finner jeg ikke i dokumentene.».
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.messages import LATER_YEAR, NO_AMOUNT, NO_SECTION, ONLY_PLANS, UNKNOWN_TOPIC
from assistant.places import abroad_notice


@dataclass(frozen=True)
class Refusal:
    plans: bool = False  # results asked, the best sentences only plan or propose
    abroad: tuple[str, ...] = ()  # countries asked about that the lead quote does not name
    passing: bool = False  # «Hva er X?», X named by one sentence at most and never described
    later: tuple[str, ...] = ()  # years asked that are later than the quoted document, mentioned nowhere
    document_year: int | None = None  # the lead quote's document year (for the notice)
    document_month: str = ""  # … its month, when a later month of that year was asked («januar 2021»)
    laws: tuple[str, ...] = ()  # laws a § is asked of that no sentence cites a § of
    amount: bool = False  # money asked, no sentence naming the thing gives an amount
    topic: tuple[str, ...] = ()  # «Hva sier dokumentene om X?», X a word the corpus never uses

    def __bool__(self) -> bool:
        return bool(self.plans or self.abroad or self.passing or self.later or self.laws or self.amount or self.topic)

    def notices(self, language: str, plan_lead: bool = False) -> list[str]:
        """What the refusal says beside «Dette finner jeg ikke …»: the reason, when a rule or the judge's
        plan signal names one."""
        if self.topic:
            joined = ("», «" if language == "nb" else "”, “").join(self.topic)
            return [UNKNOWN_TOPIC.get(language, UNKNOWN_TOPIC["nb"]).format(words=joined)]
        if self.plans or plan_lead:
            return [ONLY_PLANS[language]]
        if self.abroad:
            return [abroad_notice(list(self.abroad), language)]
        if self.later:
            years = " og ".join(self.later) if language == "nb" else " and ".join(self.later)
            when = self.document_month or self.document_year
            return [LATER_YEAR.get(language, LATER_YEAR["nb"]).format(years=years, year=when)]
        if self.laws:
            laws = " og ".join(self.laws) if language == "nb" else " and ".join(self.laws)
            return [NO_SECTION.get(language, NO_SECTION["nb"]).format(laws=laws)]
        if self.amount:
            return [NO_AMOUNT.get(language, NO_AMOUNT["nb"])]
        return []
