//! The glossary: entries, lookup with typo tolerance, suggestions and autocomplete.

pub mod entry;
pub mod matching;

use std::collections::HashMap;

pub use entry::{Entry, Formula, NameKind, Status, StepInfo};
use matching::{allowed_typos, normalize, score, typo_distance};

/// Every entry, in browsing order (by step, then as written).
#[derive(Debug, Clone)]
pub struct Glossary {
    steps: Vec<StepInfo>,
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    /// (normalized name, entry index, kind), for matching.
    names: Vec<(String, usize, NameKind)>,
}

/// The result of looking a term up.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup<'a> {
    Found {
        entry: &'a Entry,
        /// The name that matched, when it is an old name (the reply says it was renamed).
        old_name: Option<&'a str>,
        /// True when the term was matched despite a typo.
        corrected: bool,
    },
    Unknown {
        /// Best guesses, best first (maybe none).
        suggestions: Vec<&'a Entry>,
    },
}

impl Glossary {
    /// Builds the glossary. Entries must already carry their step; validation is
    /// `content::validate_glossary`'s job, this only indexes.
    pub fn new(steps: Vec<StepInfo>, mut entries: Vec<Entry>) -> Glossary {
        let order: HashMap<&str, usize> = steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        entries.sort_by_key(|e| order.get(e.step.as_str()).copied().unwrap_or(usize::MAX));
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let names = entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.names()
                    .map(move |(name, kind)| (normalize(name), i, kind))
                    .collect::<Vec<_>>()
            })
            .collect();
        Glossary {
            steps,
            entries,
            by_id,
            names,
        }
    }

    pub fn steps(&self) -> &[StepInfo] {
        &self.steps
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    pub fn step(&self, id: &str) -> Option<&StepInfo> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn in_step<'a>(&'a self, step: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.step == step)
    }

    /// Finds the entry a member meant, or suggestions.
    pub fn lookup(&self, term: &str) -> Lookup<'_> {
        let query = normalize(term);
        if query.is_empty() {
            return Lookup::Unknown {
                suggestions: Vec::new(),
            };
        }
        // An id typed or clicked exactly (buttons carry ids).
        if let Some(entry) = self.get(term.trim()) {
            return Lookup::Found {
                entry,
                old_name: None,
                corrected: false,
            };
        }
        if let Some((_, i, kind)) = self.names.iter().find(|(n, _, _)| *n == query) {
            return self.found_by_name(*i, *kind, &query, false);
        }
        // Typos: the closest entry wins if it is close enough and no other entry is as close.
        // (distance, entry, kind, name): each entry's closest name.
        let mut closest: Vec<(usize, usize, NameKind, &str)> = Vec::new();
        for (name, i, kind) in &self.names {
            let d = typo_distance(&query, name);
            match closest.iter_mut().find(|c| c.1 == *i) {
                Some(c) if d < c.0 => *c = (d, *i, *kind, name),
                Some(_) => {}
                None => closest.push((d, *i, *kind, name)),
            }
        }
        closest.sort_by_key(|c| c.0);
        if let [(d, i, kind, name), rest @ ..] = closest.as_slice() {
            let unique = rest.first().is_none_or(|r| r.0 > *d);
            if *d <= allowed_typos(query.chars().count()) && unique {
                return self.found_by_name(*i, *kind, name, true);
            }
        }
        Lookup::Unknown {
            suggestions: self.ranked(&query).into_iter().take(5).collect(),
        }
    }

    fn found_by_name(
        &self,
        index: usize,
        kind: NameKind,
        normalized: &str,
        corrected: bool,
    ) -> Lookup<'_> {
        let entry = &self.entries[index];
        let old_name = match kind {
            NameKind::OldName => entry
                .old_names
                .iter()
                .find(|o| normalize(o) == normalized)
                .map(String::as_str),
            _ => None,
        };
        Lookup::Found {
            entry,
            old_name,
            corrected,
        }
    }

    /// Autocomplete: the best matches for what has been typed so far, at most `limit`.
    /// With nothing typed, the first entries in browsing order.
    pub fn complete(&self, partial: &str, limit: usize) -> Vec<&Entry> {
        let query = normalize(partial);
        if query.is_empty() {
            return self.entries.iter().take(limit).collect();
        }
        self.ranked(&query).into_iter().take(limit).collect()
    }

    /// Entries ranked by their best-scoring name; ties broken by the kind of name
    /// (a name beats an alias beats an old name), then alphabetically.
    fn ranked(&self, query: &str) -> Vec<&Entry> {
        let mut best: Vec<(u32, u8, usize)> = Vec::new();
        let mut seen: HashMap<usize, usize> = HashMap::new();
        for (name, i, kind) in &self.names {
            let s = score(query, name);
            if s == 0 {
                continue;
            }
            let rank = match kind {
                NameKind::Name | NameKind::Abbreviation => 0,
                NameKind::Alias => 1,
                NameKind::OldName => 2,
            };
            if let Some(&pos) = seen.get(i) {
                let cur = &mut best[pos];
                if (s, u8::MAX - rank) > (cur.0, u8::MAX - cur.1) {
                    *cur = (s, rank, *i);
                }
            } else {
                seen.insert(*i, best.len());
                best.push((s, rank, *i));
            }
        }
        best.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.cmp(&b.1))
                .then_with(|| self.entries[a.2].name.cmp(&self.entries[b.2].name))
        });
        best.into_iter().map(|(_, _, i)| &self.entries[i]).collect()
    }
}
