//! The structured answers of `funnel-coach decode --json` and `define --json`.

use serde_json::{json, Value};

use crate::content::DecodeCopy;
use crate::funnel::{DecodeError, Decoded, Rate, StepKind};
use crate::glossary::Entry;

fn rate(r: Option<Rate>) -> Value {
    match r {
        Some(r) => json!({"value": r.value, "low": r.low, "high": r.high}),
        None => Value::Null,
    }
}

/// One step; an open one also says what it shows so far (`so_far`: `side`, `borderline`,
/// `reach`), and what to do instead when one video can't settle it (`instead`).
fn step(d: &Decoded, kind: StepKind) -> Value {
    let s = d.step(kind);
    json!({
        "step": s.kind.key(),
        "rate": rate(s.rate),
        "threshold": s.threshold,
        "judgement": s.judgement,
        "more_needed": s.more_needed,
        "so_far": d.outlook(kind),
        "instead": d.instead(kind),
    })
}

/// The decode result: `verdict`, `ctr`, `ctor`, `order_rate`, `add_to_cart_rate`, `steps`,
/// `warnings`, and the words the bot would say.
pub fn decoded(d: &Decoded, copy: &DecodeCopy) -> Value {
    json!({
        "verdict": d.verdict.code(),
        "headline": super::decode::headline(d, copy),
        "counts": d.counts,
        "ctr": rate(d.ctr.rate),
        "ctor": rate(d.ctor.rate),
        "order_rate": rate(d.order_rate),
        "add_to_cart_rate": rate(d.add_to_cart_rate),
        "steps": [step(d, StepKind::Ctr), step(d, StepKind::Ctor)],
        "warnings": d.warnings.iter().map(|w| w.key()).collect::<Vec<_>>(),
        "checklist": super::decode::checklist(d.verdict, copy),
        "next_test": super::text::plain(&super::decode::next_test(d, copy)),
    })
}

/// An input error: `{"error": {"field", "reason", "message"}}`.
pub fn decode_error(e: &DecodeError, copy: &DecodeCopy) -> Value {
    json!({
        "error": {
            "field": e.field().key(),
            "reason": e.key(),
            "message": super::text::plain(&super::decode::error(e, copy)),
        }
    })
}

/// A glossary entry.
pub fn entry(e: &Entry, old_name: Option<&str>) -> Value {
    json!({
        "id": e.id,
        "name": e.name,
        "abbreviation": e.abbreviation,
        "full_name": e.full_name,
        "definition": e.definition,
        "formula": e.formula,
        "read": e.read,
        "step": e.step,
        "aliases": e.aliases,
        "old_names": e.old_names,
        "matched_old_name": old_name,
        "changed": e.changed,
        "status": e.status,
        "use_instead": e.use_instead,
        "breakdowns": e.breakdowns,
        "related": e.related,
    })
}

/// An unknown term: `{"error": {"reason": "unknown_term", "suggestions": [...]}}`.
pub fn unknown(term: &str, suggestions: &[&Entry]) -> Value {
    json!({
        "error": {
            "reason": "unknown_term",
            "term": term,
            "suggestions": suggestions.iter().map(|e| json!({"id": e.id, "name": e.name})).collect::<Vec<_>>(),
        }
    })
}
