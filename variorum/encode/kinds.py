"""What a title says: the kind of document, who wrote to whom or who took part, and when.

| title                                                              | kind                    | parties                       |
|--------------------------------------------------------------------|-------------------------|-------------------------------|
| `Telegram of A to B dated 10th January 1949`                        | telegram                | sender A, recipient B         |
| `Letter from A to B and C, 3 February 1950`                         | letter                  | sender A, recipients B, C     |
| `Report of A, 5 May 1950` / `Directive by A`                        | report / directive      | sender A                      |
| `Record of a Conversation between A and B, 4 May 1950`              | record-of-conversation  | participants A, B             |
| `Memorandum of Conversation of A with B` / `... with B`             | record-of-conversation  | participants A, B / B         |
| `Minutes of the Meeting of the Politburo, 10–12 March 1950`         | minutes                 | participants: the registered names the phrase holds |
| `N.S. Khrushchev. Speech at the Meeting of ..., 24 October 1956`   | speech                  | author N.S. Khrushchev (in `creation`) |
| `Pham Van Dong. Telegram to V.M. Molotov, 20 July 1954`             | telegram                | sender (the author), recipient |
| `Telegram from A. To the First Secretary ... Comrade B`            | telegram                | sender A, recipient B (after the period) |
| `Ciphered Telegram, A to B, Jan 9, 1955`                           | telegram                | sender A, recipient B         |
| `Note by A on the talks with B, Warsaw, 19 October 1956`            | note                    | sender A (the subject cut), place Warsaw |
| `Шифртелеграмма ...`, `Запись беседы ...`, `Протокол № 49 ...`      | telegram, record, minutes | (Russian: kind and date only) |

The date is what follows `dated`, `of`, `on` or a comma when it begins with a
day, a month or a year; a place after the parties (`, Moscow,` / `in Moscow`)
is split off by the header, which knows the registers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from variorum.encode.dates import MONTH_NAMES

# Kind -> the words that open such a title (after "Excerpt from", "Draft", "Top Secret" ...), English or Russian
# (`Шифртелеграмма ...`, `Запись беседы ...`, `Протокол № 49 ...`).
KINDS: tuple[tuple[str, str], ...] = (
    ("record-of-conversation",
     r"(?:(?:record|records|memorandum|memo|minutes|notes?|transcript|summary|protocol)\s+(?:of|on|from)\s+(?:(?:a|the|an)\s+)?"
     r"(?:[\w-]+\s+){0,2}?)?(?:conversations?|talks?|discussions?|interviews?)"
     r"|(?:запись|записи|протокол|стенограмма)\s+(?:беседы|бесед|разговора|переговоров)|беседа"),
    ("minutes", r"(?:minutes|protocol|transcript|stenogram|record|(?:выписка\s+из\s+)?протокола?|стенограмма)(?:\s+(?:no\.|№)\s*\d+)?"),
    ("telegram", r"(?:(?:ciphered|cipher|coded|encoded|urgent|secret)\s+)*(?:telegram|cablegram|radiogram|wire)|(?:шифр)?телеграмма|шифровка|радиограмма"),
    ("cable", r"cable"),
    ("letter", r"(?:personal\s+|open\s+)?letter|(?:личное\s+|открытое\s+)?письмо"),
    ("message", r"message|послание"),
    ("memorandum", r"memorandum|memo|aide-m[ée]moire|меморандум|памятная\s+записка"),
    ("note", r"notes?|note\s+verbale|(?:докладная\s+|служебная\s+)?записка|справка|нота"),
    ("report", r"report|information|informational\s+report|intelligence\s+report|dispatch|despatch|доклад|донесение|информация|отч[её]т"),
    ("directive", r"directives?|директива|указания?"),
    ("instruction", r"instructions?"),
    ("resolution", r"resolution|постановление|резолюция"),
    ("decree", r"decree"),
    ("decision", r"decision|решение"),
    ("order", r"order"),
    ("speech", r"speech|address|remarks|речь|выступление"),
    ("statement", r"statement|declaration|communiqu[ée]|заявление|коммюнике"),
    ("draft", r"draft"),
)
PREFIXES = r"(?:(?:excerpts?\s+from|extract\s+from|from|draft\s+of|draft|top\s+secret|secret|strictly\s+confidential|copy\s+of|the)\s+)*"
KIND = re.compile(rf"^\W*{PREFIXES}(?:" + "|".join(f"(?P<k{i}>{words})" for i, (_, words) in enumerate(KINDS)) + r")(?!\w)",
                  re.IGNORECASE)
CONVERSATION_KINDS = ("record-of-conversation", "minutes")
# Kinds whose header facts go to `creation` (date, place, author, participants), not to `correspDesc`:
# conversations and minutes, and what is spoken or declared rather than sent.
CREATION_KINDS = CONVERSATION_KINDS + ("speech", "statement")
# Kinds that are sent to someone: their last short line may be a closing formula ("Waiting for an answer.").
CORRESPONDENCE_KINDS = ("telegram", "cable", "letter", "message")
# `Note by A on the talks with B, Warsaw`: the subject after the author is no part of the author.
TOPIC = re.compile(r"\s+(?:on|about|concerning|regarding)\s+(?:the|a|an|his|her|their|its)\s+", re.IGNORECASE)
# `Telegram from A. Secretary of the CC Comrade B` / `from A. To B`: after the sender's period, the addressee.
ADDRESSEE_AFTER = re.compile(r"^(?:to\s+\S|.*\b(?:[Cc]omrades?|[Tt]ov\.|[Tt]ovarishch)\s+\S)", re.DOTALL)
# A period that ends a name, not an initial's (`N.S. Khrushchev. Speech ...`: the third).
NAME_PERIOD = re.compile(r"(?<![\s.][A-ZА-ЯЁ])(?<![\s.](?:Yu|Ya|Zh|Kh|Ch|Sh|Ts|Th|Ye|Yo))(?<!^[A-ZА-ЯЁ])\.\s+(?=\S)")
DOCUMENT_NUMBER = re.compile(r"^\s*(?:No\.?|Nr\.|№|#)\s*\d[\w/-]*", re.IGNORECASE)

DATE_START = rf"(?:\d|(?:{MONTH_NAMES})(?!\w))"
# The date at the end of a title: ", 4 May 1950" / " dated 10th January 1949" / " of 3 March" / " on 5 May".
DATE_TAIL = re.compile(rf"(?:\s*,\s*|\s+(?:dated|of|on|from)\s+|\s+)(?P<date>{DATE_START}[^\n]*?)\.?\s*$", re.IGNORECASE)
SENDER_RECIPIENT = re.compile(r"\b(?:of|from|by)\s+(?P<sender>.+?)\s+to\s+(?P<recipient>.+)$", re.IGNORECASE)
RECIPIENT_ONLY = re.compile(r"\bto\s+(?P<recipient>.+)$", re.IGNORECASE)
AUTHOR_ONLY = re.compile(r"^\s*(?:of|from|by)\s+(?P<sender>.+)$", re.IGNORECASE)
BARE_SENDER = re.compile(r"^\s*(?P<sender>[A-ZА-ЯЁ][^,]*?)\s+to\s+(?P<recipient>[A-ZА-ЯЁ].*)$")
BETWEEN = re.compile(r"\bbetween\s+(?P<parties>.+)$", re.IGNORECASE)
OF_WITH = re.compile(r"(?:^|\s)(?:of|by)\s+(?P<first>.+?)\s+with\s+(?P<second>.+)$", re.IGNORECASE)
WITH = re.compile(r"\bwith\s+(?P<parties>.+)$", re.IGNORECASE)
OF_PHRASE = re.compile(r"^\s*(?:of|on)\s+(?P<parties>.+)$", re.IGNORECASE)


@dataclass
class TitleFacts:
    kind: str | None = None
    sender: str | None = None
    recipient: str | None = None
    participants: list[str] = field(default_factory=list)
    # minutes: a phrase ("the meeting of the Politburo") whose registered names are the participants
    participant_phrase: str | None = None
    date_text: str | None = None
    # `N.S. Khrushchev. Speech at ...`: the author named before the title's kind
    author: str | None = None


def kind_of(title: str) -> tuple[str | None, int]:
    """The kind of document a title names, and where the kind words end."""
    match = KIND.match(title)
    if not match:
        return None, 0
    for i, (kind, _) in enumerate(KINDS):
        if match.group(f"k{i}"):
            return kind, match.end()
    return None, 0  # pragma: no cover - one group always took part


def author_before_kind(title: str) -> tuple[str, str] | None:
    """`Pham Van Dong. Telegram to ...` -> ("Pham Van Dong", "Telegram to ..."): a name of a few words,
    a period that is not an initial's, then words that name a kind of document."""
    if kind_of(title)[0]:
        return None
    for period in NAME_PERIOD.finditer(title):
        before, rest = title[:period.start()].strip(), title[period.end():]
        if len(before.split()) > 8 or not before[:1].isupper():
            return None
        if kind_of(rest)[0]:
            return before, rest
    return None


def read_title(title: str) -> TitleFacts:
    led = author_before_kind(title)
    if led:
        facts = read_title(led[1])
        facts.author = led[0]
        return facts
    facts = TitleFacts()
    facts.kind, after_kind = kind_of(title)
    rest = title[after_kind:] if facts.kind else title
    if facts.kind:  # `Ciphered Telegram No. 4321 from ...`: the document's number is no party and no date
        rest = DOCUMENT_NUMBER.sub("", rest, count=1)
    date = _date_tail(rest)
    if date:
        facts.date_text = date.group("date").strip()
        if re.search(r"(?<!\w)г$", facts.date_text):  # `3 марта 1956 г.`: the period is the abbreviation's
            facts.date_text += "."
        rest = rest[: date.start()]
    labelled = bool(re.match(r"\s*[,:]", rest))  # `Ciphered Telegram, A to B`: the parties after a comma
    rest = rest.strip(" ,.;:")
    if facts.kind in CONVERSATION_KINDS:
        between = BETWEEN.search(rest)
        of_with = OF_WITH.search(rest)
        with_ = WITH.search(rest)
        if between:
            facts.participants = [between.group("parties")]
        elif of_with:
            facts.participants = [of_with.group("first"), of_with.group("second")]
        elif with_:
            facts.participants = [with_.group("parties")]
        else:
            phrase = OF_PHRASE.match(rest)
            facts.participant_phrase = phrase.group("parties") if phrase else None
        return facts
    both = SENDER_RECIPIENT.search(rest)
    if both:
        facts.sender, facts.recipient = both.group("sender").strip(" ,"), both.group("recipient").strip(" ,")
        return facts
    bare = BARE_SENDER.match(rest) if not facts.kind or labelled else None
    if bare:
        facts.sender, facts.recipient = bare.group("sender").strip(" ,"), bare.group("recipient").strip(" ,")
        return facts
    recipient = RECIPIENT_ONLY.search(rest)
    if recipient:
        facts.recipient = recipient.group("recipient").strip(" ,")
        return facts
    author = AUTHOR_ONLY.match(rest) if facts.kind else None
    if author:
        facts.sender, facts.recipient = _sender_and_addressee(author.group("sender").strip(" ,"))
    return facts


def _sender_and_addressee(text: str) -> tuple[str, str | None]:
    """What follows `Telegram from` without a `to`: the sender, and the addressee named after the
    sender's period (`Mao Zedong. Secretary of the CC Comrade Filippov`); a subject after the author
    (`Edward Ochab on the talks with ..., Warsaw`) is cut, a place after it kept."""
    for period in NAME_PERIOD.finditer(text):
        after = text[period.end():]
        if ADDRESSEE_AFTER.match(after):
            return text[:period.start()].strip(), re.sub(r"^[Tt]o\s+", "", after).strip(" ,")
    topic = TOPIC.search(text)
    if topic:
        comma = text.find(",", topic.end())
        text = text[:topic.start()] + (text[comma:] if comma >= 0 else "")
    return text.strip(" ,"), None


def _date_tail(rest: str) -> re.Match | None:
    """The date closing a title, when what follows the separator reads as a date."""
    from variorum.encode.dates import find_dates

    position = 0
    while True:  # every place a date may begin, not only the first (`No. 4321 from A to B, 5 May 1950`)
        match = DATE_TAIL.search(rest, position)
        if match is None:
            return None
        position = match.start("date") + 1
        found = find_dates(match.group("date"))
        if found and found[0].start == 0 and not re.search(r"\b(?:to|between|with|of|from|by|and)\s*$",
                                                           rest[: match.start()], re.IGNORECASE):
            return match
