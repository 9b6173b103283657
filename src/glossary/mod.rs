//! The glossary: entries, lookup with typo tolerance, suggestions and autocomplete.

pub mod entry;
pub mod matching;

use std::collections::{HashMap, HashSet};

pub use entry::{Entry, Formula, MatchWords, NameKind, Status, StepInfo};
use matching::{normalize, score, typo_match, words};

/// The longest run of typed words compared with a name (the longest names have six words).
const MAX_SPAN: usize = 8;

/// Every entry, in browsing order (by step, then as written).
#[derive(Debug, Clone)]
pub struct Glossary {
    steps: Vec<StepInfo>,
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    /// Every name, alias and old name, for matching.
    names: Vec<Name>,
    /// Normalized name → index in `names`.
    exact: HashMap<String, usize>,
    common: HashSet<String>,
    filler: HashSet<String>,
    /// Words that ask whether a number is good (`good`, `normal`); also question words.
    good: HashSet<String>,
}

/// One way of naming an entry.
#[derive(Debug, Clone)]
struct Name {
    normalized: String,
    words: Vec<String>,
    entry: usize,
    kind: NameKind,
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

/// How many suggestions an unknown term gets.
pub const SUGGESTIONS: usize = 5;

impl Glossary {
    /// Builds the glossary. Entries must already carry their step; validation is
    /// `content::validate_glossary`'s job, this only indexes. `words` are the matching's
    /// common and filler words.
    pub fn new(steps: Vec<StepInfo>, mut entries: Vec<Entry>, words_list: &MatchWords) -> Glossary {
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
        let names: Vec<Name> = entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.names()
                    .map(move |(name, kind)| Name {
                        normalized: normalize(name),
                        words: words(name),
                        entry: i,
                        kind,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut exact = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            exact.entry(n.normalized.clone()).or_insert(i);
        }
        let set = |list: &[String]| list.iter().map(|w| normalize(w)).collect::<HashSet<_>>();
        let good = set(&words_list.good);
        let mut filler = set(&words_list.filler);
        filler.extend(good.iter().cloned());
        Glossary {
            steps,
            entries,
            by_id,
            names,
            exact,
            common: set(&words_list.common),
            filler,
            good,
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

    /// Whether `word` (normalized) is an everyday English word that is never corrected.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common.contains(word)
    }

    /// A word a question may hold around the terms it names: a question word, or a number
    /// (`is 1.5% ctr good`: the number is the member's, not a name).
    fn is_question_word(&self, word: &str) -> bool {
        self.filler.contains(word) || word.chars().all(|c| c.is_ascii_digit())
    }

    /// Whether `term` asks if a number is good (`what is a good ctr`, `is my ctor ok`,
    /// `good ctr?`) rather than what the term means. A "good" word that is part of a name
    /// does not count.
    pub fn asks_good(&self, term: &str) -> bool {
        let typed = words(term);
        typed.len() > 1
            && typed.iter().any(|w| self.good.contains(w))
            && !self.exact.contains_key(&normalize(term))
    }

    /// The short answer to "is this good?" for `entry`, when `term` asks that and the entry
    /// has one (`good` in its file). The reply shows it first.
    pub fn good_answer<'a>(&self, term: &str, entry: &'a Entry) -> Option<&'a str> {
        entry.good.as_deref().filter(|_| self.asks_good(term))
    }

    /// Finds the entry a member meant, or suggestions (rules in [`matching`]).
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
        if let Some(&n) = self.exact.get(&query) {
            return self.found_by_name(n, false);
        }
        let typed = words(term);
        if typed.len() > 1 {
            if let Some(found) = self.by_phrase(&typed, &query) {
                return found;
            }
        }
        if let Some(found) = self.by_typo(&typed, &query) {
            return found;
        }
        Lookup::Unknown {
            suggestions: self.ranked(&query).into_iter().take(SUGGESTIONS).collect(),
        }
    }

    /// A question of several words: the names in it (longest first) and question words
    /// around them. One entry named: that entry; several: suggestions of them.
    fn by_phrase(&self, typed: &[String], query: &str) -> Option<Lookup<'_>> {
        let n = typed.len();
        let mut covered = vec![false; n];
        // (position, name index)
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for len in (1..=n.min(MAX_SPAN)).rev() {
            for start in 0..=n - len {
                if covered[start..start + len].iter().any(|c| *c) {
                    continue;
                }
                if let Some(&name) = self.exact.get(&typed[start..start + len].concat()) {
                    covered[start..start + len].fill(true);
                    hits.push((start, name));
                }
            }
        }
        let rest_is_filler = typed
            .iter()
            .zip(&covered)
            .all(|(w, c)| *c || self.is_question_word(w));
        if hits.is_empty() || !rest_is_filler {
            return None;
        }
        hits.sort_unstable();
        let mut named: Vec<usize> = Vec::new();
        for (_, name) in &hits {
            let entry = self.names[*name].entry;
            if !named.contains(&entry) {
                named.push(entry);
            }
        }
        if let [_] = named.as_slice() {
            return Some(self.found_by_name(hits[0].1, false));
        }
        Some(self.suggest_first(&named, query))
    }

    /// A typo of one name. When two entries are about as close, suggestions instead.
    fn by_typo(&self, typed: &[String], query: &str) -> Option<Lookup<'_>> {
        if typed.len() == 1 && self.is_common_word(query) {
            return None;
        }
        // Only the words that matter: question words around a phrase are left out.
        let meant: Vec<String> = if typed.len() > 1 {
            typed
                .iter()
                .filter(|w| !self.is_question_word(w))
                .cloned()
                .collect()
        } else {
            typed.to_vec()
        };
        if meant.is_empty() || (meant.len() == 1 && self.is_common_word(&meant[0])) {
            return None;
        }
        // (distance, entry, name index): each entry's closest name.
        let mut closest: Vec<(usize, usize, usize)> = Vec::new();
        for (i, name) in self.names.iter().enumerate() {
            let Some(d) = typo_match(&meant, &name.words) else {
                continue;
            };
            match closest.iter_mut().find(|c| c.1 == name.entry) {
                Some(c) if d < c.0 => *c = (d, name.entry, i),
                Some(_) => {}
                None => closest.push((d, name.entry, i)),
            }
        }
        closest.sort_by_key(|c| (c.0, c.1));
        let (best, _, name) = *closest.first()?;
        let near: Vec<usize> = closest
            .iter()
            .filter(|c| c.0 <= best + 1)
            .map(|c| c.1)
            .collect();
        if near.len() == 1 {
            Some(self.found_by_name(name, true))
        } else {
            Some(self.suggest_first(&near, query))
        }
    }

    /// "Did you mean": `first` (entry indexes), then the best of the rest.
    fn suggest_first(&self, first: &[usize], query: &str) -> Lookup<'_> {
        let mut suggestions: Vec<&Entry> = first.iter().map(|&i| &self.entries[i]).collect();
        for e in self.ranked(query) {
            if suggestions.len() >= SUGGESTIONS {
                break;
            }
            if !suggestions.iter().any(|s| s.id == e.id) {
                suggestions.push(e);
            }
        }
        suggestions.truncate(SUGGESTIONS.max(first.len()));
        Lookup::Unknown { suggestions }
    }

    fn found_by_name(&self, name: usize, corrected: bool) -> Lookup<'_> {
        let name = &self.names[name];
        let entry = &self.entries[name.entry];
        let old_name = match name.kind {
            NameKind::OldName => entry
                .old_names
                .iter()
                .find(|o| normalize(o) == name.normalized)
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
        for Name {
            normalized,
            entry: i,
            kind,
            ..
        } in &self.names
        {
            let s = score(query, normalized);
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

/// Two names of different entries close enough for a typo of one to land on the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearNames<'a> {
    pub entry: &'a str,
    pub name: &'a str,
    pub other_entry: &'a str,
    pub other_name: &'a str,
}

impl Glossary {
    /// Every pair of names of different entries within the typo allowance of each other
    /// (`funnel-coach check` reports them: a typo of one could reach the other).
    pub fn near_names(&self) -> Vec<NearNames<'_>> {
        let written: Vec<(&str, &str)> = self
            .entries
            .iter()
            .flat_map(|e| e.names().map(move |(n, _)| (e.id.as_str(), n)))
            .collect();
        let mut out = Vec::new();
        for (i, a) in self.names.iter().enumerate() {
            for (j, b) in self.names.iter().enumerate().skip(i + 1) {
                if a.entry == b.entry || a.normalized.len().abs_diff(b.normalized.len()) > 3 {
                    continue;
                }
                if typo_match(&a.words, &b.words).is_some()
                    || typo_match(&b.words, &a.words).is_some()
                {
                    out.push(NearNames {
                        entry: written[i].0,
                        name: written[i].1,
                        other_entry: written[j].0,
                        other_name: written[j].1,
                    });
                }
            }
        }
        out
    }
}
