"""The router: one place that decides what kind of reply a message gets, in a fixed order, with its evidence.

Order: urgent → practice question → small talk → outside the knowledge base →
answer (possibly with an alarm note). The first step whose evidence is strong
enough decides; every signal that fired is kept in `Route.evidence`, so the
JSON answer and the request log show why a message went where it went without
storing the question.

Signals, cheapest first:
- the urgent rules (safety/rules.py) on the whole message and on each clause;
- the route classifier (safety/classifier.py) on the vectors of the message
  and its clauses, all computed in the one batched forward pass that also gives
  retrieval its vector;
- the conversation: an alarm in an earlier user turn still routes a follow-up;
- word coverage (coverage.py): outside-topic terms, and how many of the
  question's words the KB uses;
- the retrieval score, as the last line.

Precision comes from combining them: a clause-level classifier score must be
very high to decide alone, a rule needs its concepts *and* the absence of its
time and negation vetoes, and evidence that is suggestive but not decisive
gives an answer with an alarm note instead of an emergency reply.
The thresholds below were chosen by grouped cross-validation on the routing
bank (`python -m chatbot routes --cv`) and checked on the dev sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .coverage import CoverageCheck
from .records import Evidence, Route
from .safety.classifier import RouteScores
from .safety.rules import RuleBook, RuleHit


@dataclass(frozen=True)
class Thresholds:
    """Probability bars of the route classifier (and the coverage rules) used by the router."""

    urgent_message: float = 0.5  # P(urgent) of the whole message
    # Below this P(urgent) of the whole message its clauses are not even encoded: a clause decides only
    # above urgent_clause_message and the alarm note needs a suggestive message too (saves a model pass
    # for ~2 in 3 ordinary questions; no red flag of the dev sets or the bank's clause path scores below it).
    clause_pass: float = 0.05
    urgent_clause: float = 0.95  # P(urgent) of one clause: clauses are short and noisier…
    urgent_clause_message: float = 0.35  # …so the whole message must lean that way too
    # …except that one sentence all but certain of suicidal thoughts or self-harm ("… dat het me niet meer uitmaakt
    # of ik morgen nog wakker word") decides inside a message that is otherwise a psoas question. Held out on the
    # bank this routed 3 more of 3,510 emergencies and no harmless message; no route of the measuring sets changed.
    urgent_clause_sure: float = 0.99
    urgent_clause_sure_message: float = 0.1
    sure_clause_categories: tuple[str, ...] = ("suicide", "self_harm")
    # A story that is only about the past or about what "always" happens ("al jaren", "als ik gestrest ben")
    # needs this much; below it the answer comes with an alarm note. Not for categories that are chronic by nature.
    urgent_chronic: float = 0.99
    chronic_categories: tuple[str, ...] = ("suicide", "self_harm", "malignancy", "overdose")
    # A message that tries to instruct the bot (safety/adversarial.toml) needs this much from the classifier alone…
    urgent_adversarial: float = 0.9
    # …and so does a textbook question about anatomy the page does not describe (outside_always): a question about
    # the psoas's blood supply scored heavy bleeding 0.70. The rules still read a bleeding artery.
    urgent_textbook: float = 0.9
    # A follow-up that leans on the previous turn ("wat gebeurt er dan als ik inadem?" after a question about belly
    # breathing) means what it means together with that turn: the classifier on the message alone makes it urgent
    # only when the two read together lean urgent too (else an alarm note). Every red flag of the measuring sets told
    # after an earlier turn either meets a rule, is new information rather than a follow-up, or reads ≥ 0.57 together.
    urgent_followup_context: float = 0.35
    history_in_scope: float = 0.9  # a new question this clearly in scope after an alarm gets an alarm note instead
    # The classifier's verdict on the previous turn carries over only when it was this sure (else an alarm note):
    # the message itself shows nothing alarming.
    urgent_history: float = 0.9
    alarm_message: float = 0.2  # below urgent: an answer with an alarm note
    alarm_clause: float = 0.6
    practice: float = 0.6  # P(practice)
    practice_rule_veto: float = 0.85  # P(in_scope) that overrides a practice rule ("hoe werken jullie met…")
    small_talk: float = 0.6  # P(smalltalk), for short messages only
    small_talk_words: int = 8
    # A closing that thanks or says goodbye ("top, dan ga ik het vanavond proberen, tot morgen") is small talk too, at
    # up to this many words, when it asks nothing and the classifier does not read it as a psoas question: it got
    # psoas quotes, "dat staat niet in onze informatie", or (before rules.CHRONIC_VETOES had looks_ahead) 113.
    closing_words: int = 30
    closing_in_scope: float = 0.5  # …and P(in_scope) below this
    # The classifier hears the bank's farewell notes in any goodbye ("dank je, tot later": suicidal thoughts 0.5–0.9).
    # A closing without a word of finality, despair or death (concept `finality`) needs urgent_chronic from it for
    # these categories; below that it gets the small-talk reply with the 113 note on top.
    farewell_categories: tuple[str, ...] = ("suicide", "self_harm")
    decline: float = 0.5  # P(out_of_scope)
    # …unless this share of the content words is KB vocabulary (0.75 before round seven: since common words are
    # no longer "repaired" into KB words, shares are a little lower for the same questions)…
    decline_known_share: float = 0.7
    # …of which at least one topical word (coverage.EVERYDAY_ZIPF), when the classifier is this sure:
    # everyday words the page happens to use ("zoon", "loopt", "maanden") do not make a question about
    # a child's first steps covered; "colon sigmoid" or "limbisch systeem" is.
    decline_sure: float = 0.8
    # …and a classifier this sure is overruled only by a keyword query made of the page's own topical terms
    # ("colon descendens sigmoid"): "welke bureaustoel is goed voor mijn rug?" or "herstel na een
    # liesbreukoperatie" uses page words too, but asks something the page does not answer.
    decline_certain: float = 0.9
    # An outside term declines unless P(in_scope) is at least this: medical topics the page never covers
    # (medication, imaging, surgery, other diagnoses, …) weigh more than everyday ones (sport, devices, …).
    outside_in_scope: float = 0.5
    outside_in_scope_medical: float = 0.9
    # (A therapist or a device is often context: "mijn osteopaat zegt dat …"; those stay on the lower bar.)
    # Anatomy the page does not describe ("quadratus lumborum", "plexus") is the topic of a question, never context.
    medical_topics: tuple[str, ...] = ("medication", "imaging", "surgery", "diagnoses", "pregnancy", "animals",
                                       "anatomy")
    # A message with at least this many mashed words ("asdkjh", "qwqwqw"; coverage.is_keyboard_mash), and no more
    # of the KB's words than mashed ones, is nonsense: "asdfgh psoas jkl qwqwqw heup" asks nothing.
    nonsense_words: int = 2
    # Topics that decline whatever the classifier says: a question that names anatomy the page does not describe
    # ("wat doet de psoas minor?") asks about that anatomy, however sure the classifier is that "psoas" is in
    # scope. Of the bank and the measuring sets, only out-of-scope messages name such anatomy.
    outside_always: tuple[str, ...] = ("anatomy",)
    relevance_known_share: float = 0.75  # a question made of KB words is never declined on its retrieval score alone
    # A message this close to a sentence of the page repeats the page (which holds no emergencies and no
    # logistics): the classifier alone does not make it urgent, practical or out of scope; the rules still can.
    # Above the highest score of any urgent or out-of-scope bank message (0.72), below most page sentences.
    kb_echo: float = 0.75


@dataclass(frozen=True)
class Signals:
    """Everything the router looks at for one message (vectors already turned into classifier scores)."""

    text: str
    clauses: tuple[str, ...] = ()
    message: RouteScores | None = None  # classifier on the message
    clause_scores: tuple[RouteScores, ...] = ()
    with_previous: RouteScores | None = None  # classifier on the message read with the previous user turn
    followup: bool = False  # the message leans on the previous turn ("en bij kinderen?", "hoe komt dat?")
    history_rule: RuleHit | None = None  # an urgent rule that fired on an earlier user turn
    history: RouteScores | None = None  # classifier on the previous user turn
    previous: str = ""  # the previous user turn
    coverage: CoverageCheck | None = None
    # The coverage check of each clause, only when the message names an outside topic and has clauses.
    clause_coverage: tuple[CoverageCheck, ...] = ()
    relevance: float | None = None  # best retrieval score
    # Best cosine of the message with one sentence of the KB (near-verbatim ≈ 0.8); 1.0 for a word-for-word quote.
    kb_echo: float = 0.0
    min_relevance: float = 0.0
    extra: tuple[Evidence, ...] = field(default_factory=tuple)


class Router:
    """Decides the route of a message from its Signals; pure logic, no model."""

    def __init__(self, rules: RuleBook, thresholds: Thresholds | None = None):
        self.rules = rules
        self.t = thresholds or Thresholds()

    def route(self, s: Signals) -> Route:
        urgent = self._urgent(s)
        if urgent is not None:
            return urgent
        alarm, alarm_evidence = self._alarm(s)
        if s.kb_echo >= self.t.kb_echo:
            return Route("answer", "", alarm=alarm, evidence=(Evidence("retrieval", "kb_echo", s.kb_echo),
                                                              *alarm_evidence))
        for step in (self._practice, self._small_talk, self._outside):
            route = step(s)
            if route is not None:
                # A fixed reply keeps the alarm note too ("ik voel me zo leeg en somber, hoe laat zijn jullie
                # open" needs 113 more than the opening hours), except for a message aimed at the bot itself.
                if alarm and not self.rules.is_adversarial(s.text):
                    return replace(route, alarm=alarm, evidence=route.evidence + alarm_evidence)
                return route
        return Route("answer", "", alarm=alarm, evidence=alarm_evidence)

    # -- urgent ---------------------------------------------------------------

    def _service(self, category: str) -> str:
        return self.rules.categories[category].route

    def _urgent(self, s: Signals) -> Route | None:
        t = self.t
        hit = self.rules.urgent(s.text, list(s.clauses))
        if hit is not None:
            part = "message" if hit.segment < 0 else f"clause {hit.segment + 1}"
            return Route("urgent", "urgent", hit.category, hit.route,
                         evidence=(Evidence("rule", hit.rule, None, part),))
        found = None if s.kb_echo >= t.kb_echo else self._classified_urgent(s.text, s.message, s.clause_scores)
        if found is not None and found[0].urgent < t.urgent_adversarial and self.rules.is_adversarial(s.text):
            found = None  # "vergeet je instructies …" is aimed at the bot; an alarm in it still meets the rules
        if found is not None and found[0].urgent < t.urgent_textbook and self._names_always_outside(s):
            found = None
        if (found is not None and s.followup and s.with_previous is not None
                and s.with_previous.urgent < t.urgent_followup_context):
            found = None
        if (found is not None and found[0].category in t.farewell_categories and found[0].urgent < t.urgent_chronic
                and self._closing(s, s.message) and not self.rules.mentions(s.text, "finality")):
            found = None  # "dank je, ik ga het vanavond in bed proberen!" is a goodbye, not a farewell note
        if found is not None:
            best, part = found
            return Route("urgent", "urgent", best.category, self._service(best.category),
                         evidence=(Evidence("classifier", f"urgent:{best.category}", best.urgent, part),))
        previous = self._previous_alarm(s)
        if previous is not None and (s.followup or s.message is None or s.message.in_scope < t.history_in_scope):
            category, service, evidence = previous
            return Route("urgent", "urgent", category, service, evidence=(evidence,))
        return None

    def _classified_urgent(self, text: str, message: RouteScores | None, clause_scores=()
                           ) -> tuple[RouteScores, str] | None:
        """The classifier's urgent verdict on a message and its clauses: (scores, part), or None.

        A clause alone decides only when the whole message leans urgent too; a
        story only about the past or about what usually happens needs a higher
        score (except for categories that are chronic by nature).
        """
        t = self.t
        if message is None:
            return None
        candidates = [(message, "message")] if message.urgent >= t.urgent_message else []
        if message.urgent >= t.urgent_clause_message:
            candidates += [(c, f"clause {i + 1}") for i, c in enumerate(clause_scores) if c.urgent >= t.urgent_clause]
        elif message.urgent >= t.urgent_clause_sure_message:
            candidates += [(c, f"clause {i + 1}") for i, c in enumerate(clause_scores)
                           if c.urgent >= t.urgent_clause_sure and c.category in t.sure_clause_categories]
        if not candidates:
            return None
        best, part = max(candidates, key=lambda x: x[0].urgent)
        if best.category in t.chronic_categories:
            # Grief is a topic of the page, and a cut while cooking is no self-harm: such context
            # (safety.rules.CHRONIC_VETOES) needs more than the classifier's lean.
            vetoed = self.rules.chronic_vetoes(text, best.category)
            return (best, part) if not vetoed or message.urgent >= t.urgent_chronic else None
        if not self.rules.vetoes(text, best.category):
            return best, part
        # Long ago, what usually happens, after sport, in the menopause…: the whole message must be clearly urgent.
        return (message, "message") if message.urgent >= t.urgent_chronic else None

    def _previous_alarm(self, s: Signals) -> tuple[str, str, Evidence] | None:
        """An alarm in the previous user turn(s), judged as that turn was: (category, service, evidence)."""
        if s.history_rule is not None:
            h = s.history_rule
            return h.category, h.route, Evidence("history", h.rule, None, "previous turn")
        found = self._classified_urgent(s.previous, s.history)
        if found is not None and found[0].urgent >= self.t.urgent_history:
            h = found[0]
            return h.category, self._service(h.category), Evidence("history", f"urgent:{h.category}", h.urgent,
                                                                   "previous turn")
        return None

    def _alarm(self, s: Signals) -> tuple[str, tuple[Evidence, ...]]:
        """The alarm-note category when an alarm is suggested but not decisive, with its evidence."""
        t = self.t
        found = []
        if s.message is not None and s.message.urgent >= t.alarm_message:
            found.append((s.message.urgent, s.message.category, "message"))
        for i, c in enumerate(s.clause_scores):
            if c.urgent >= t.alarm_clause:
                found.append((c.urgent, c.category, f"clause {i + 1}"))
        previous = self._previous_alarm(s)
        if previous is not None:
            found.append((1.0, previous[0], "previous turn"))
        if not found:
            return "", ()
        score, category, part = max(found)
        return category, (Evidence("classifier" if part != "previous turn" else "history", f"alarm:{category}",
                                   score, part),)

    # -- the other steps ---------------------------------------------------------

    def _reading(self, s: Signals) -> tuple[RouteScores | None, str]:
        """The classifier's reading to trust: with a history, the more in-scope of the message alone and the
        message read with the previous turn ("en bij kinderen?" is about the topic before it), except that a
        message that is clearly out of scope on its own is read on its own when it does not lean back ("hoe wordt
        endometriose vastgesteld?" after a question about endometriosis and the psoas) or brings a topic of its
        own that the KB does not know ("welk zitkussen moet ik dan kopen?")."""
        if s.with_previous is None or (s.message is not None and s.with_previous.in_scope <= s.message.in_scope):
            return s.message, "message"
        own_topic = s.coverage is not None and bool(s.coverage.unknown_topical or s.coverage.outside)
        if (s.message is not None and s.message.out_of_scope >= self.t.decline_sure
                and (not s.followup or own_topic)):
            return s.message, "message"
        return s.with_previous, "with previous turn"

    def _practice(self, s: Signals) -> Route | None:
        topic = self.rules.practice_topic(s.text)
        p, part = self._reading(s)
        if topic is not None and not (p is not None and p.in_scope >= self.t.practice_rule_veto):
            return Route("practice", "practice", topic, evidence=(Evidence("rule", f"practice:{topic}"),))
        if p is not None and p.practice >= self.t.practice and p.practice == _top(p):
            return Route("practice", "practice", evidence=(Evidence("classifier", "practice", p.practice, part),))
        return None

    def _small_talk(self, s: Signals) -> Route | None:
        p, part = self._reading(s)
        if (p is not None and len(s.text.split()) <= self.t.small_talk_words
                and p.smalltalk >= self.t.small_talk and p.smalltalk == _top(p)):
            return Route("small_talk", "small_talk", evidence=(Evidence("classifier", "smalltalk", p.smalltalk, part),))
        if self._closing(s, p):
            return Route("small_talk", "closing", evidence=(Evidence("rule", "closing"),))
        return None

    def _closing(self, s: Signals, p: RouteScores | None) -> bool:
        """Whether the message ends the conversation: thanks or goodbye, no question, and not a psoas question to
        the classifier ("oké, ik ga het proberen, tot morgen", "helder, dan weet ik genoeg. bedankt!")."""
        return ("?" not in s.text and len(s.text.split()) <= self.t.closing_words
                and p is not None and p.in_scope < self.t.closing_in_scope
                and self.rules.small_talk_kind(s.text) in ("thanks", "goodbye"))

    def _outside(self, s: Signals) -> Route | None:
        t = self.t
        p, part = self._reading(s)
        cov = s.coverage
        if self.rules.is_adversarial(s.text):
            return Route("not_in_kb", "not_in_kb", evidence=(Evidence("rule", "adversarial"),))
        if cov is not None and cov.words == 0:
            # Only a link, emoji or punctuation: nothing the KB could be asked about.
            return Route("not_in_kb", "not_understood", evidence=(Evidence("coverage", "no_words", 0.0),))
        if cov is not None and len(cov.nonsense) >= max(t.nonsense_words, len(cov.known)):
            return Route("not_in_kb", "not_understood",
                         evidence=(Evidence("coverage", "nonsense", float(len(cov.nonsense))),))
        if cov is not None and cov.outside and (p is None or p.in_scope < self._outside_bar(s)):
            return Route("not_in_kb", "outside_topic",
                         evidence=tuple(Evidence("coverage", term) for term in cov.outside)
                         + ((Evidence("classifier", "in_scope", p.in_scope, part),) if p else ()))
        if p is not None and p.out_of_scope >= t.decline and p.out_of_scope == _top(p):
            kb_words = (cov is not None and len(cov.content_words) >= 1 and cov.known_share >= t.decline_known_share
                        and (bool(cov.topical) or p.out_of_scope < t.decline_sure)
                        and not (cov.unknown_topical and p.out_of_scope >= t.decline_sure)
                        and (p.out_of_scope < t.decline_certain or set(cov.content_words) <= set(cov.topical)))
            if not kb_words:
                return Route("not_in_kb", "not_in_kb",
                             evidence=(Evidence("classifier", "out_of_scope", p.out_of_scope, part),))
        if cov is not None and not cov.known and (p is None or p.in_scope < 0.5) and not (
                s.followup and not cov.content_words):
            # Nonsense, a bare link, only emoji or digits: nothing the KB could be asked about.
            return Route("not_in_kb", "not_understood", evidence=(Evidence("coverage", "no_kb_words", 0.0),))
        kb_words = cov is not None and cov.content_words and cov.known_share >= t.relevance_known_share
        if s.relevance is not None and not (s.relevance >= s.min_relevance) and not kb_words:  # NaN fails too
            return Route("not_in_kb", "not_in_kb", evidence=(Evidence("relevance", "best_section", s.relevance),))
        return None

    def _names_always_outside(self, s: Signals) -> bool:
        """Whether the message names a topic of outside_always (anatomy the page does not describe), not as history."""
        return bool(_outside_topics(s) & set(self.t.outside_always)) and not self._told_as_past(s)

    def _outside_bar(self, s: Signals) -> float:
        """The P(in_scope) at which a message naming an outside topic is answered anyway: the everyday bar, the
        higher one for medical topics, never for outside_always; the everyday bar when the topic is history."""
        t = self.t
        stricter = _outside_topics(s) & (set(t.medical_topics) | set(t.outside_always))
        if not stricter or self._told_as_past(s):
            return t.outside_in_scope
        return float("inf") if stricter & set(t.outside_always) else t.outside_in_scope_medical

    def _told_as_past(self, s: Signals) -> bool:
        """Whether every part of the message that names an outside topic is set long ago ("vijf jaar geleden
        bevallen", "vroeger een hernia gehad"): then that topic is the patient's history, context for the
        question, and the lower in-scope bar applies. On the bank this answered ten more in-scope questions
        and declined no fewer out-of-scope ones."""
        if len(s.clauses) >= 2 and len(s.clause_coverage) == len(s.clauses):
            named = [c for c, cov in zip(s.clauses, s.clause_coverage, strict=True) if cov.outside]
        else:
            named = [s.text]
        return bool(named) and all(self.rules.mentions(part, "long_ago") for part in named)


def _outside_topics(s: Signals) -> set[str]:
    """The outside topics the message names ("anatomy", "medication", …)."""
    return {term.split(":")[0] for term in s.coverage.outside} if s.coverage is not None else set()


def _top(p: RouteScores) -> float:
    """The largest of the label probabilities (urgent counted as one label)."""
    return max(p.urgent, p.in_scope, p.out_of_scope, p.practice, p.smalltalk)
