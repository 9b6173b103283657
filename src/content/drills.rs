//! The shape of `prompts/drills.toml`: the drill scenarios and everything `/drill` and the
//! drill part of `/stats me` say. What one file can tell is checked here (ids, ranges, every
//! verdict has scenarios); that every scenario reaches its verdict is proved in `crate::check`.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::text::{words, ByKey, Text};
use super::Problem;
use crate::drill::{valid_scenario_id, Bounds, Ranges, MAX_SCENARIO_ID};
use crate::funnel::Verdict;
use crate::schedule::ZoneSource;

words!(
    /// The answer a drill shows, in the words of its button.
    Answer: "answer"
);
words!(Given: "given");
words!(GivenAnswer: "given", "answer");
words!(AnsweredLine: "answered", "right", "percent");
words!(ByAnswerLine: "answer", "right", "answered");
words!(StreakLine: "current", "best");
words!(ZoneName: "zone");
words!(
    /// A drill's own numbers: the counts, the two rates on screen and the server's targets.
    Rates: "impressions", "clicks", "orders", "ctr", "ctor", "ctr_target", "ctor_target"
);

/// One situation a drill can show.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    #[serde(deserialize_with = "verdict")]
    pub verdict: Verdict,
    pub situation: Text,
    pub impressions: Bounds,
    pub clicks: Bounds,
    pub orders: Bounds,
    /// Why the numbers show `verdict`, tied to the situation: shown when the decoder agrees.
    pub explain: Text<Rates>,
    /// In place of `explain` when the drill has no orders.
    pub explain_no_orders: Option<Text<Rates>>,
}

impl Scenario {
    pub fn ranges(&self) -> Ranges {
        Ranges {
            impressions: self.impressions,
            clicks: self.clicks,
            orders: self.orders,
        }
    }
}

impl crate::drill::Scenario for Scenario {
    fn id(&self) -> &str {
        &self.id
    }
    fn verdict(&self) -> Verdict {
        self.verdict
    }
    fn ranges(&self) -> Ranges {
        Scenario::ranges(self)
    }
}

fn verdict<'de, D: Deserializer<'de>>(d: D) -> Result<Verdict, D::Error> {
    let code = String::deserialize(d)?;
    Verdict::ALL
        .into_iter()
        .find(|v| v.code() == code)
        .ok_or_else(|| {
            let known: Vec<&str> = Verdict::ALL.iter().map(|v| v.code()).collect();
            serde::de::Error::custom(format!(
                "unknown verdict `{code}`, expected one of {}",
                known.join(", ")
            ))
        })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillText {
    pub title: Text,
    pub numbers: Text,
    pub question: Text,
    pub footer: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerCopy {
    pub right_title: Text<Answer>,
    pub wrong_title: Text<Answer>,
    pub right: Text<Given>,
    pub wrong: Text<GivenAnswer>,
    /// The command line shows the answer without asking: "The answer: {answer}".
    pub reveal_title: Text<Answer>,
    /// The right answer's name when the numbers are big enough and a rate stays close to its
    /// target: "borderline ({answer})" (so "not enough data" never sits above numbers
    /// that are enough).
    pub too_close: Text<Answer>,
    pub tip: Text,
    /// Under an answer: what a likely range is.
    pub footer: Text,
    pub next: Text,
    pub already_title: Text,
    pub already: Text<GivenAnswer>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillErrors {
    pub title: Text,
    pub not_yours: Text,
    pub broken: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillStatsCopy {
    pub answered: Text,
    pub answered_line: Text<AnsweredLine>,
    pub by_answer: Text,
    pub by_answer_line: Text<ByAnswerLine>,
    pub by_answer_none: Text<Answer>,
    pub missed: Text,
    pub streak: Text,
    pub streak_line: Text<StreakLine>,
    pub empty: Text,
    pub zone: StreakZones,
    /// By the right answer a member misses most; `{given}` is what they pick instead.
    pub missed_by: ByKey<Verdict, Text<Given>>,
}

/// Where the days of a streak are counted, by where the zone came from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreakZones {
    pub member: Text<ZoneName>,
    pub server: Text<ZoneName>,
    pub utc: Text<ZoneName>,
}

impl std::ops::Index<ZoneSource> for StreakZones {
    type Output = Text<ZoneName>;
    /// A streak's zone is never typed (a drill takes none); a typed zone would be the member's.
    fn index(&self, source: ZoneSource) -> &Text<ZoneName> {
        match source {
            ZoneSource::Typed | ZoneSource::Member => &self.member,
            ZoneSource::Server => &self.server,
            ZoneSource::Utc => &self.utc,
        }
    }
}

/// Words `funnel-coach check` looks for in the drill copy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillWords {
    /// Phrases that say a drill had no orders: only in texts never shown with orders.
    pub zero_orders: Vec<String>,
}

/// `prompts/drills.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillsCopy {
    pub drill: DrillText,
    /// The answer buttons, by verdict.
    pub answers: ByKey<Verdict, Text>,
    /// How to spot each right answer.
    pub tips: ByKey<Verdict, Text>,
    /// The explanation, by the right answer, when it is not the scenario's own verdict.
    pub numbers_only: ByKey<Verdict, Text<Rates>>,
    pub words: DrillWords,
    pub answer: AnswerCopy,
    pub errors: DrillErrors,
    pub stats: DrillStatsCopy,
    pub scenario: Vec<Scenario>,
}

impl DrillsCopy {
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenario.iter().find(|s| s.id == id)
    }

    /// The scenarios whose numbers should show `verdict`.
    pub fn of(&self, verdict: Verdict) -> impl Iterator<Item = &Scenario> {
        self.scenario.iter().filter(move |s| s.verdict == verdict)
    }

    /// The first phrase of [`DrillWords::zero_orders`] in `text` (any case, whole words:
    /// "0 orders" is not in "200 orders").
    pub fn zero_orders_in(&self, text: &str) -> Option<&str> {
        let text = text.to_lowercase();
        self.words
            .zero_orders
            .iter()
            .find(|w| !w.trim().is_empty() && has_phrase(&text, &w.to_lowercase()))
            .map(String::as_str)
    }

    /// Where a scenario's texts can contradict the numbers shown with them: "no orders" in a
    /// text shown with orders, an explanation that never shows the rate it judges, a
    /// no-orders explanation for a scenario that always has orders.
    fn scenario_contradictions(&self, s: &Scenario) -> Vec<String> {
        let mut out = Vec::new();
        if s.orders.max > 0 {
            for (name, text) in [("situation", s.situation.as_str()), ("explain", &s.explain)] {
                if let Some(w) = self.zero_orders_in(text) {
                    out.push(format!(
                        "{name} says \"{w}\", but its drills can have up to {} orders: say it in explain_no_orders, or make orders [0, 0]",
                        s.orders.max
                    ));
                }
            }
        }
        if s.explain_no_orders.is_some() && s.orders.min > 0 {
            out.push("explain_no_orders is never shown: its orders are never 0".to_owned());
        }
        let rates: &[&str] = match s.verdict {
            Verdict::BeforeClick => &["ctr"],
            Verdict::AfterClick => &["ctor"],
            Verdict::Both | Verdict::Healthy => &["ctr", "ctor"],
            Verdict::NotEnoughData => &[],
        };
        let texts = std::iter::once(("explain", &s.explain)).chain(
            s.explain_no_orders
                .as_ref()
                .map(|t| ("explain_no_orders", t)),
        );
        for (name, text) in texts {
            let counts = ["{impressions}", "{clicks}", "{orders}"];
            if rates.is_empty() && !counts.iter().any(|c| text.contains(c)) {
                out.push(format!(
                    "{name} must show at least one of this drill's numbers ({})",
                    counts.join(", ")
                ));
            }
            for rate in rates {
                if !text.contains(&format!("{{{rate}}}")) {
                    out.push(format!(
                        "{name} must show the rate it judges as {{{rate}}}, so the member sees it is the number on screen"
                    ));
                }
            }
        }
        out
    }

    /// What the file alone can tell: plain unique ids, ranges a draw can meet, texts that
    /// can't contradict the numbers shown with them, and at least one scenario for every
    /// verdict.
    pub fn problems(&self, path: &Path) -> Vec<Problem> {
        let file = super::display(path);
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for (i, s) in self.scenario.iter().enumerate() {
            let key = format!("scenario[{i}] ({})", s.id);
            if !valid_scenario_id(&s.id) {
                out.push(Problem::new(
                    &file,
                    Some(&key),
                    format!("id must be 1 to {MAX_SCENARIO_ID} of a-z, 0-9, _ and -"),
                ));
            }
            if !seen.insert(s.id.as_str()) {
                out.push(Problem::new(&file, Some(&key), "this id is used twice"));
            }
            if let Some(p) = s.ranges().problem() {
                out.push(Problem::new(&file, Some(&key), p));
            }
            for message in self.scenario_contradictions(s) {
                out.push(Problem::new(&file, Some(&key), message));
            }
        }
        for v in Verdict::ALL {
            for (name, text) in [
                ("tips", self.tips[v].as_str()),
                ("numbers_only", &self.numbers_only[v]),
            ] {
                if let Some(w) = self.zero_orders_in(text) {
                    out.push(Problem::new(
                        &file,
                        Some(&format!("{name}.{}", v.code())),
                        format!("says \"{w}\", but it is shown with any numbers that get this answer, orders included: say it without that"),
                    ));
                }
            }
        }
        for v in Verdict::ALL {
            if self.of(v).next().is_none() {
                out.push(Problem::new(
                    &file,
                    Some("scenario"),
                    format!("no scenario has verdict `{}`", v.code()),
                ));
            }
        }
        out
    }
}
/// Whether `phrase` is in `text` as whole words: no letter or digit right before or after it.
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::has_phrase;

    #[test]
    fn a_phrase_counts_only_as_whole_words() {
        assert!(has_phrase("3 taps and no orders yet", "no orders"));
        assert!(has_phrase("(0 orders)", "0 orders"));
        assert!(has_phrase("0 orders", "0 orders"));
        assert!(!has_phrase("200 orders came in", "0 orders"));
        assert!(!has_phrase("no ordersheet", "no orders"));
        assert!(!has_phrase("piano orders", "no orders"));
    }
}
