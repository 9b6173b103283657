//! `/drill`, its answers and the drill part of `/stats me`, from `prompts/drills.toml`. An
//! answer explains this drill: the scenario's own explanation with the rates on screen, or,
//! when a server's targets give the numbers another answer, one from the numbers alone;
//! then the two judged steps as `/decode` shows them, and a tip.

use crate::content::drills::Scenario;
use crate::content::{DecodeCopy, DrillsCopy};
use crate::drill::{explanation, generate::counts, Drill, DrillStats, Explanation};
use crate::funnel::{Decoded, Step, Verdict};

use super::components::{Audience, ComponentId, DrillId};
use super::decode;
use super::format::{count, percent, target};
use super::reply::{Button, Reply, Tone};

/// A drill: the situation, the numbers the way `/decode` shows them, and one button per
/// answer. `audience`: where it is shown (whom it was made for, or the reminder DM's server).
pub fn drill(
    scenario: &Scenario,
    drill: &Drill,
    audience: Audience,
    copy: &DrillsCopy,
    decode_copy: &DecodeCopy,
) -> Reply {
    let d = &copy.drill;
    let mut reply = Reply::new(
        &d.title,
        format!("{}\n\n{}", scenario.situation, d.question),
        Tone::Info,
    )
    .field(
        &d.numbers,
        decode::counts_line(&counts(drill.counts), decode_copy),
    )
    .footer(&d.footer);
    reply.buttons = Verdict::ALL
        .into_iter()
        .map(|given| Button {
            label: copy.answers[given].to_string(),
            custom_id: DrillId::Answer {
                audience,
                drill: drill.clone(),
                given,
            }
            .custom_id(),
        })
        .collect();
    reply
}

fn next(audience: Audience, copy: &DrillsCopy) -> Button {
    Button {
        label: copy.answer.next.to_string(),
        custom_id: DrillId::next(audience).custom_id(),
    }
}

/// The answer to a drill of `scenario`: right or wrong, the right answer in its button's
/// words, explained for these numbers ([`explain`]) with their rates and ranges against the
/// targets, a tip, and "Next drill" in the same place (`audience`). It fits one phone screen
/// ([`super::limits::FIRST_SCREEN`]; `funnel-coach check` measures every scenario).
pub fn answered(
    scenario: &Scenario,
    decoded: &Decoded,
    given: Verdict,
    audience: Audience,
    copy: &DrillsCopy,
    decode_copy: &DecodeCopy,
) -> Reply {
    let a = &copy.answer;
    let (right, given_words) = (&answer_name(decoded, copy), &copy.answers[given]);
    let (title, opening, tone) = if given == decoded.verdict {
        (
            a.right_title.fill(&[("answer", right)]),
            a.right.fill(&[("given", given_words)]),
            Tone::Good,
        )
    } else {
        (
            a.wrong_title.fill(&[("answer", right)]),
            a.wrong.fill(&[("given", given_words), ("answer", right)]),
            Tone::Caution,
        )
    };
    let mut reply = explained(
        scenario,
        decoded,
        title,
        Some(opening),
        tone,
        copy,
        decode_copy,
    );
    reply.buttons.push(next(audience, copy));
    reply
}

/// The answer with nobody to judge (the command line): the right answer and its explanation.
pub fn revealed(
    scenario: &Scenario,
    decoded: &Decoded,
    copy: &DrillsCopy,
    decode_copy: &DecodeCopy,
) -> Reply {
    let title = copy
        .answer
        .reveal_title
        .fill(&[("answer", &answer_name(decoded, copy))]);
    explained(
        scenario,
        decoded,
        title,
        None,
        Tone::Info,
        copy,
        decode_copy,
    )
}

/// The right answer in its button's words, or "borderline (Not enough data)" when the
/// numbers are big and a rate stays close to its target (what `/decode`'s headline says then).
fn answer_name(decoded: &Decoded, copy: &DrillsCopy) -> String {
    let name = &copy.answers[decoded.verdict];
    if decode::too_close(decoded) {
        copy.answer.too_close.fill(&[("answer", name)])
    } else {
        name.to_string()
    }
}

/// Why these numbers get the decoder's answer: the scenario's explanation (its no-orders one
/// for a drill without orders) when the decoder agrees with the scenario, else the one from
/// the numbers alone for the decoder's answer; filled with the counts, rates and targets.
pub fn explain(scenario: &Scenario, decoded: &Decoded, copy: &DrillsCopy) -> String {
    let no_orders = scenario.explain_no_orders.as_ref();
    let text = match (
        explanation(scenario.verdict, no_orders.is_some(), decoded),
        no_orders,
    ) {
        (Explanation::NumbersOnly, _) => &copy.numbers_only[decoded.verdict],
        (Explanation::ScenarioNoOrders, Some(text)) => text,
        (Explanation::Scenario | Explanation::ScenarioNoOrders, _) => &scenario.explain,
    };
    let rate = |s: &Step| s.rate.map_or_else(|| percent(0.0), |r| percent(r.value));
    let c = &decoded.counts;
    text.fill(&[
        ("impressions", &count(c.impressions)),
        ("clicks", &count(c.clicks)),
        ("orders", &count(c.orders)),
        ("ctr", &rate(&decoded.ctr)),
        ("ctor", &rate(&decoded.ctor)),
        ("ctr_target", &target(decoded.ctr.threshold)),
        ("ctor_target", &target(decoded.ctor.threshold)),
    ])
}

fn explained(
    scenario: &Scenario,
    decoded: &Decoded,
    title: String,
    opening: Option<String>,
    tone: Tone,
    copy: &DrillsCopy,
    decode_copy: &DecodeCopy,
) -> Reply {
    let why = explain(scenario, decoded, copy);
    let description = match opening {
        Some(o) => format!("{o}\n\n{why}"),
        None => why,
    };
    // The numbers themselves are in the drill just above, and again in each rate's line
    // ("122 of 8,754"): the answer fits one phone screen without repeating them.
    let mut reply = Reply::new(title, description, tone);
    for (name, value) in decode::judged_steps(decoded, decode_copy) {
        reply = reply.field(name, value);
    }
    reply
        .field(&copy.answer.tip, &copy.tips[decoded.verdict])
        .footer(&copy.answer.footer)
}

/// A second answer to the same drill: nothing changed, and what the first one was.
pub fn already(verdict: Verdict, answer: Verdict, audience: Audience, copy: &DrillsCopy) -> Reply {
    let a = &copy.answer;
    let mut reply = Reply::new(
        &a.already_title,
        a.already.fill(&[
            ("given", &copy.answers[answer]),
            ("answer", &copy.answers[verdict]),
        ]),
        Tone::Info,
    );
    reply.buttons.push(next(audience, copy));
    reply
}

/// The drill part of `/stats me`, added to the reply: answers and accuracy, right answers by
/// verdict, the miss made most, and the streak with where its days are counted (`zone`: the
/// time zone's name).
pub fn stats(reply: Reply, s: &DrillStats, zone: &str, copy: &DrillsCopy) -> Reply {
    let c = &copy.stats;
    if s.answered == 0 {
        return reply.field(&c.answered, &c.empty);
    }
    let share = percent(s.right as f64 / s.answered as f64);
    let by_answer: Vec<String> = s
        .by_verdict
        .iter()
        .map(|(v, t)| {
            let answer = &copy.answers[*v];
            if t.answered == 0 {
                c.by_answer_none.fill(&[("answer", answer)])
            } else {
                c.by_answer_line.fill(&[
                    ("answer", answer),
                    ("right", &count(t.right)),
                    ("answered", &count(t.answered)),
                ])
            }
        })
        .collect();
    let mut reply = reply
        .field(
            &c.answered,
            c.answered_line.fill(&[
                ("answered", &count(s.answered)),
                ("right", &count(s.right)),
                ("percent", &share),
            ]),
        )
        .field(&c.by_answer, by_answer.join("\n"));
    if let Some(m) = s.most_missed {
        reply = reply.field(
            &c.missed,
            c.missed_by[m.right].fill(&[("given", &copy.answers[m.given])]),
        );
    }
    reply.field(
        &c.streak,
        format!(
            "{}\n{}",
            c.streak_line.fill(&[
                ("current", &count(u64::from(s.streak.current))),
                ("best", &count(u64::from(s.streak.best))),
            ]),
            c.zone[s.zone].fill(&[("zone", zone)])
        ),
    )
}
